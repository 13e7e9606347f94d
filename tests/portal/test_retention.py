import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from portal.models import BarrierReport, User
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_old_barrier_reports_are_deleted_recent_ones_kept():
    old = BarrierReport.objects.create(description="alt")
    BarrierReport.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=400))
    recent = BarrierReport.objects.create(description="neu")
    call_command("apply_retention", stdout=io.StringIO())
    assert list(BarrierReport.objects.values_list("pk", flat=True)) == [recent.pk]


def test_inactive_accounts_are_anonymised_staff_and_active_ones_kept():
    long_ago = timezone.now() - timedelta(days=4 * 365)
    inactive = UserFactory(last_login=long_ago)
    never_used = UserFactory()
    User.objects.filter(pk=never_used.pk).update(date_joined=long_ago)
    active = UserFactory(last_login=timezone.now())
    staff = StaffFactory(last_login=long_ago)

    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    call_command("apply_retention", stdout=out)  # a second run changes nothing more

    inactive.refresh_from_db()
    assert inactive.email == f"deleted-{inactive.pk}@invalid.example"
    assert not inactive.is_active and not inactive.has_usable_password()
    assert not inactive.emailaddress_set.exists()
    assert User.objects.get(pk=never_used.pk).email.startswith("deleted-")
    assert User.objects.get(pk=active.pk).email == active.email
    assert User.objects.get(pk=staff.pk).email == staff.email
    assert "2 inactive accounts anonymised" in out.getvalue()
