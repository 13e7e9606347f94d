"""Deletion periods of the portal's own personal data (see the privacy policy)."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.db.models import Q

from portal.models import BarrierReport, User


def anonymise_user(user: User) -> None:
    """Remove what identifies a person but keep the row, so records that must be kept stay linked."""
    EmailAddress.objects.filter(user=user).delete()
    user.email = f"deleted-{user.pk}@invalid.example"
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()


@transaction.atomic
def apply(now, stdout) -> None:
    reports = BarrierReport.objects.filter(
        created_at__lt=now - timedelta(days=settings.PORTAL_RETENTION_DAYS["messages"])
    )
    deleted, _ = reports.delete()
    stdout.write(f"portal: {deleted} barrier reports deleted")

    cutoff = now - timedelta(days=settings.PORTAL_RETENTION_DAYS["inactive_accounts"])
    inactive = (
        User.objects.filter(is_staff=False, is_superuser=False, is_active=True)
        .filter(Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff))
        .select_for_update()
    )
    count = 0
    for user in inactive:
        anonymise_user(user)
        count += 1
    stdout.write(f"portal: {count} inactive accounts anonymised")
