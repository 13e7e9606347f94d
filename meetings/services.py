"""Writes on meetings: registration with capacity and waiting list, changes with mails, attendance."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from meetings.ical import meeting_calendar
from meetings.models import Meeting, NetworkMeetingRequest, Registration
from organisations.queries import represents
from portal.groups import NETWORK_COORDINATION
from portal.mail import send_mail_on_commit
from portal.services import staff_addresses

ICS_MIMETYPE = "text/calendar"


class RegistrationError(Exception):
    """A registration that the rules do not allow; the message is meant for the person."""


def _ics_attachment(meeting: Meeting, site_url: str) -> tuple[str, bytes, str]:
    return (f"netzwerktreffen-{meeting.pk}.ics", meeting_calendar(meeting, site_url), ICS_MIMETYPE)


def _mail_language(registration: Registration) -> str:
    """The language of the site the person registered in; the default language for registrations
    made before it was recorded (or by staff on someone's behalf)."""
    return registration.language or settings.LANGUAGE_CODE


def _mail_registration(registration: Registration, template: str, site_url: str) -> None:
    confirmed = registration.status == Registration.Status.CONFIRMED
    attachments = [_ics_attachment(registration.meeting, site_url)] if confirmed else []
    context = {
        "registration": registration,
        "meeting": registration.meeting,
        "user": registration.user,
        "site_url": site_url,
    }
    send_mail_on_commit(
        template,
        context,
        [registration.user.email],
        attachments=attachments,
        language=_mail_language(registration),
    )


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("room", "network").get(pk=meeting.pk)


def _fill_places(meeting: Meeting, site_url: str) -> list[Registration]:
    """Move people up from the waiting list while places are free (meeting row locked by the caller)."""
    confirmed = meeting.registrations.filter(status=Registration.Status.CONFIRMED).count()
    free = max((meeting.capacity or 0) - confirmed, 0)
    if not free:
        return []
    waiting = list(
        meeting.registrations.filter(status=Registration.Status.WAITING)
        .select_related("user", "organisation")
        .order_by("registered_at", "pk")[:free]
    )
    for registration in waiting:
        registration.status = Registration.Status.CONFIRMED
        registration.meeting = meeting
        registration.save(update_fields=["status"])
        _mail_registration(registration, "meetings/mail/moved_up", site_url)
    return waiting


def register(meeting: Meeting, user, organisation, *, site_url: str = "") -> Registration:
    """Register ``user`` for ``organisation``: a place while there are free ones, else the waiting list."""
    if not represents(user, organisation):
        raise PermissionDenied
    with transaction.atomic():
        # The lock on the meeting row serialises registrations: places are counted and taken in one go.
        meeting = _locked(meeting)
        if not meeting.accepts_registrations:
            raise RegistrationError(_("Registration for this meeting is closed."))
        registration = Registration.objects.filter(meeting=meeting, user=user).first()
        if registration and registration.status != Registration.Status.CANCELLED:
            raise RegistrationError(_("You are already registered for this meeting."))
        confirmed = meeting.registrations.filter(status=Registration.Status.CONFIRMED).count()
        status = (
            Registration.Status.CONFIRMED if confirmed < meeting.capacity else Registration.Status.WAITING
        )
        if registration is None:
            registration = Registration(meeting=meeting, user=user)
        registration.organisation = organisation
        registration.status = status
        registration.registered_at = timezone.now()
        registration.cancelled_at = None
        registration.attended = False
        # The person acts on the site in this language: their confirmation and later mails use it.
        registration.language = translation.get_language() or settings.LANGUAGE_CODE
        registration.save()
        _mail_registration(registration, "meetings/mail/registration", site_url)
    return registration


def cancel_registration(registration: Registration, user, *, site_url: str = "") -> Registration:
    """Cancel a registration (the person themselves or staff); the next on the waiting list moves up."""
    if registration.user_id != user.pk and not user.has_perm("meetings.change_registration"):
        raise PermissionDenied
    with transaction.atomic():
        meeting = _locked(registration.meeting)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == Registration.Status.CANCELLED:
            return registration
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        if not meeting.is_cancelled and not meeting.is_past:
            _fill_places(meeting, site_url)
    return registration


# Fields whose change a calendar client must learn about (SEQUENCE is raised).
CALENDAR_FIELDS = ("title", "start", "end", "room_id", "status", "agenda")


def _changes(previous: Meeting, meeting: Meeting) -> list[dict]:
    changes = []
    if (previous.start, previous.end) != (meeting.start, meeting.end):
        changes.append(
            {
                "kind": "time",
                "label": _("Time"),
                "old_start": previous.start,
                "old_end": previous.end,
                "new_start": meeting.start,
                "new_end": meeting.end,
            }
        )
    if previous.room_id != meeting.room_id:
        changes.append({"kind": "room", "label": _("Room"), "old": previous.room, "new": meeting.room})
    if previous.status != meeting.status and meeting.status != Meeting.Status.HELD:
        changes.append(
            {
                "kind": "status",
                "label": _("Status"),
                "old": previous.get_status_display(),
                "new": meeting.get_status_display(),
            }
        )
    return changes


def save_meeting(meeting: Meeting, user, *, site_url: str = "") -> list[dict]:
    """Save a meeting planned by staff; on a change of time, room or status tell everyone registered.

    Returns the changes that were mailed (empty for a new meeting or a change of other fields).
    """
    with transaction.atomic():
        if meeting.pk is None:
            meeting.save()
            return []
        previous = _locked(meeting)
        changes = _changes(previous, meeting)
        if any(getattr(previous, field) != getattr(meeting, field) for field in CALENDAR_FIELDS):
            meeting.sequence = previous.sequence + 1
        moved = any(change["kind"] in ("time", "room") for change in changes)
        if moved and meeting.status == Meeting.Status.SCHEDULED:
            meeting.status = Meeting.Status.CHANGED
        meeting.save()
        if not meeting.is_cancelled and not meeting.is_past:
            _fill_places(meeting, site_url)
        if changes:
            attachment = _ics_attachment(meeting, site_url)
            registrations = (
                meeting.registrations.active()
                .filter(user__isnull=False)
                .select_related("user", "organisation")
            )
            for registration in registrations:
                send_mail_on_commit(
                    "meetings/mail/meeting_changed",
                    {
                        "meeting": meeting,
                        "changes": changes,
                        "registration": registration,
                        "site_url": site_url,
                    },
                    [registration.user.email],
                    attachments=[attachment],
                    # Sent by staff to everyone registered: each in the language they registered in.
                    language=_mail_language(registration),
                )
    return changes


def set_status(meeting: Meeting, status: str, user, *, site_url: str = "") -> list[dict]:
    meeting.status = status
    return save_meeting(meeting, user, site_url=site_url)


def record_attendance(meeting: Meeting, attended_ids, user) -> int:
    """Tick who came: every active registration of the meeting is set from ``attended_ids``."""
    if not user.has_perm("meetings.change_registration"):
        raise PermissionDenied
    attended_ids = {int(pk) for pk in attended_ids}
    with transaction.atomic():
        registrations = list(meeting.registrations.active().select_for_update())
        for registration in registrations:
            registration.attended = registration.pk in attended_ids
        Registration.objects.bulk_update(registrations, ["attended"])
    return sum(1 for registration in registrations if registration.attended)


@transaction.atomic
def request_network_meeting(form, user, organisation) -> NetworkMeetingRequest:
    if not represents(user, organisation):
        raise PermissionDenied
    request = form.save(commit=False)
    request.organisation = organisation
    request.requested_by = user
    request.save()
    send_mail_on_commit(
        "meetings/mail/network_request",
        {"request": request},
        staff_addresses(NETWORK_COORDINATION),
        reply_to=[user.email],
        # For the city staff, who work in the default language (German), whatever site the
        # representative used.
        language=settings.LANGUAGE_CODE,
    )
    return request
