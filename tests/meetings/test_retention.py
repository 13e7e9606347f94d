import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from meetings.models import Meeting, Registration
from tests.meetings.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def test_registrations_are_anonymised_a_year_after_the_meeting():
    long_ago = timezone.now() - timedelta(days=400)
    old = RegistrationFactory(attended=True)
    Meeting.objects.filter(pk=old.meeting_id).update(start=long_ago, end=long_ago + timedelta(hours=2))
    recent = RegistrationFactory()

    out = io.StringIO()
    call_command("apply_retention", stdout=out)

    old.refresh_from_db()
    assert old.user_id is None
    assert old.attended and old.organisation_id  # statistics stay
    assert not Registration.history.filter(id=old.pk, user__isnull=False).exists()
    recent.refresh_from_db()
    assert recent.user_id is not None
    assert "1 registrations anonymised" in out.getvalue()
