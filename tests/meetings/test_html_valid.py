from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from tests.html_validator import html_errors
from tests.meetings.factories import MeetingFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_meeting_pages_are_valid_html(client, representative, organisation, staff, settings):
    settings.PORTAL_STAFF_REQUIRE_MFA = False
    meeting = MeetingFactory(agenda="1. Begrüßung\n2. **Berichte**")
    RegistrationFactory(meeting=meeting)
    MeetingFactory(status=Meeting.Status.CANCELLED)
    start = timezone.now() - timedelta(days=400)
    past = MeetingFactory(start=start, end=start + timedelta(hours=2), status=Meeting.Status.HELD)
    RegistrationFactory(meeting=past, attended=True)
    pages = {}
    for prefix in ("", "/en"):
        pages[f"{prefix} list"] = client.get(prefix + reverse("meetings:list")).content.decode()
        pages[f"{prefix} detail"] = client.get(prefix + meeting.get_absolute_url()).content.decode()
    client.force_login(representative)
    pages["detail as representative"] = client.get(meeting.get_absolute_url()).content.decode()
    pages["registration error"] = client.post(
        reverse("meetings:register", args=[meeting.pk]), {"organisation": "0"}
    ).content.decode()
    pages["request form"] = client.get(reverse("meetings:request")).content.decode()
    pages["request form with errors"] = client.post(
        reverse("meetings:request"), {"organisation": organisation.pk}
    ).content.decode()
    pages["dashboard"] = client.get(reverse("portal:dashboard")).content.decode()
    client.force_login(staff)
    pages["check-in"] = client.get(reverse("meetings:check_in", args=[meeting.pk])).content.decode()
    pages["attendance"] = client.get(reverse("meetings:attendance")).content.decode()
    errors = html_errors(pages)
    assert not errors, "\n".join(errors)
