"""Registrations keep their organisation and attendance for statistics, but not the person, once the
retention period after the meeting has passed."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction

from meetings.models import NetworkMeetingRequest, Registration


@transaction.atomic
def apply(now, stdout) -> None:
    cutoff = now - timedelta(days=settings.PORTAL_RETENTION_DAYS["meeting_registrations"])
    expired = list(
        Registration.objects.filter(meeting__end__lt=cutoff, user__isnull=False).values_list("pk", flat=True)
    )
    Registration.objects.filter(pk__in=expired).update(user=None)
    # The audit trail must not keep what the registration itself no longer holds.
    Registration.history.filter(id__in=expired).update(user=None, history_user=None)
    stdout.write(f"meetings: {len(expired)} registrations anonymised")

    requests = NetworkMeetingRequest.objects.filter(
        created_at__lt=now - timedelta(days=settings.PORTAL_RETENTION_DAYS["messages"])
    )
    deleted, _ = requests.delete()
    stdout.write(f"meetings: {deleted} network meeting requests deleted")
