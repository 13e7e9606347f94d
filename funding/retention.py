"""Deletion periods of the funding app's personal data (see the privacy policy and docs/OPERATIONS.md)."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction

from funding.models import ApplicationEvent, Attachment
from funding.workflow import State

ENDED = (State.REJECTED, State.WITHDRAWN)


@transaction.atomic
def apply(now, stdout) -> None:
    """Delete the uploaded files of applications rejected or withdrawn longer ago than the period."""
    cutoff = now - timedelta(days=settings.PORTAL_RETENTION_DAYS["rejected_application_files"])
    ended = ApplicationEvent.objects.filter(
        application__state__in=ENDED, to_state__in=ENDED, created_at__lt=cutoff
    ).values("application_id")
    count = 0
    for attachment in Attachment.objects.filter(application_id__in=ended).select_for_update():
        attachment.file.delete(save=False)
        attachment.delete()
        count += 1
    stdout.write(f"funding: {count} attachments of rejected or withdrawn applications deleted")
