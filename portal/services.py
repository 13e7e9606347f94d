from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from portal.groups import EDITORIAL
from portal.mail import send_mail_on_commit
from portal.models import BarrierReport


def staff_addresses(group_name: str) -> list[str]:
    """Addresses of the active staff in a group, or the configured office address if there are none."""
    users = get_user_model().objects.filter(is_active=True, is_staff=True, groups__name=group_name)
    return sorted({u.email for u in users}) or list(settings.PORTAL_STAFF_EMAILS)


@transaction.atomic
def report_barrier(form) -> BarrierReport:
    report = form.save()
    send_mail_on_commit(
        "portal/mail/barrier_report",
        {"report": report},
        staff_addresses(EDITORIAL),
        reply_to=[report.email] if report.email else (),
        language=settings.LANGUAGE_CODE,
    )
    return report
