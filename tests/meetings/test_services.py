import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone
from icalendar import Calendar

from meetings import services
from meetings.models import Meeting, Registration
from tests.factories import MembershipFactory
from tests.meetings.factories import MeetingFactory, RegistrationFactory, RoomFactory

pytestmark = pytest.mark.django_db


def test_register_confirms_while_places_are_free_then_waiting_list(django_capture_on_commit_callbacks):
    meeting = MeetingFactory(capacity=1)
    first, second = MembershipFactory(), MembershipFactory()
    with django_capture_on_commit_callbacks(execute=True):
        one = services.register(meeting, first.user, first.organisation)
        two = services.register(meeting, second.user, second.organisation)
    assert one.status == Registration.Status.CONFIRMED
    assert two.status == Registration.Status.WAITING
    assert [m.to for m in mail.outbox] == [[first.user.email], [second.user.email]]
    assert mail.outbox[0].attachments[0][0].endswith(".ics")
    assert "Warteliste" in mail.outbox[1].subject
    assert not mail.outbox[1].attachments


def test_register_twice_is_refused():
    registration = RegistrationFactory()
    with pytest.raises(services.RegistrationError):
        services.register(registration.meeting, registration.user, registration.organisation)


def test_register_for_an_organisation_one_does_not_represent_is_refused():
    meeting = MeetingFactory()
    membership, other = MembershipFactory(), MembershipFactory()
    with pytest.raises(PermissionDenied):
        services.register(meeting, membership.user, other.organisation)


@pytest.mark.parametrize(
    "change",
    [
        {"registration_open": False},
        {"status": Meeting.Status.CANCELLED},
    ],
)
def test_register_refused_when_closed(change):
    meeting = MeetingFactory(**change)
    membership = MembershipFactory()
    with pytest.raises(services.RegistrationError):
        services.register(meeting, membership.user, membership.organisation)


def test_register_refused_for_past_meeting():
    start = timezone.now() - timedelta(days=3)
    meeting = MeetingFactory(start=start, end=start + timedelta(hours=2))
    membership = MembershipFactory()
    with pytest.raises(services.RegistrationError):
        services.register(meeting, membership.user, membership.organisation)


def test_cancel_moves_the_first_waiting_person_up_with_a_mail(django_capture_on_commit_callbacks):
    meeting = MeetingFactory(capacity=1)
    confirmed = RegistrationFactory(meeting=meeting)
    first_waiting = RegistrationFactory(meeting=meeting, status=Registration.Status.WAITING)
    later = RegistrationFactory(
        meeting=meeting,
        status=Registration.Status.WAITING,
        registered_at=first_waiting.registered_at + timedelta(minutes=5),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(confirmed, confirmed.user)
    confirmed.refresh_from_db()
    first_waiting.refresh_from_db()
    later.refresh_from_db()
    assert confirmed.status == Registration.Status.CANCELLED
    assert first_waiting.status == Registration.Status.CONFIRMED
    assert later.status == Registration.Status.WAITING
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [first_waiting.user.email]
    assert meeting.title in mail.outbox[0].subject


def test_cancel_someone_elses_registration_is_refused():
    registration = RegistrationFactory()
    with pytest.raises(PermissionDenied):
        services.cancel_registration(registration, MembershipFactory().user)


def test_register_again_after_cancelling_reuses_the_row():
    registration = RegistrationFactory()
    services.cancel_registration(registration, registration.user)
    again = services.register(registration.meeting, registration.user, registration.organisation)
    assert again.pk == registration.pk
    assert again.status == Registration.Status.CONFIRMED


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_overbook():
    meeting = MeetingFactory(capacity=3)
    memberships = [MembershipFactory() for _ in range(8)]
    barrier = threading.Barrier(len(memberships))
    errors = []

    def worker(membership):
        try:
            barrier.wait()
            services.register(meeting, membership.user, membership.organisation)
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(m,)) for m in memberships]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    statuses = list(meeting.registrations.values_list("status", flat=True))
    assert statuses.count(Registration.Status.CONFIRMED) == 3
    assert statuses.count(Registration.Status.WAITING) == 5


@pytest.mark.django_db(transaction=True)
def test_concurrent_double_click_registers_once():
    meeting = MeetingFactory()
    membership = MembershipFactory()
    barrier = threading.Barrier(4)
    outcomes = []

    def worker():
        try:
            barrier.wait()
            services.register(meeting, membership.user, membership.organisation)
            outcomes.append("registered")
        except services.RegistrationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "refused", "refused", "registered"]
    assert meeting.registrations.count() == 1


def test_change_of_time_mails_each_registered_person_once(staff, django_capture_on_commit_callbacks):
    meeting = MeetingFactory()
    registrations = [RegistrationFactory(meeting=meeting) for _ in range(3)]
    RegistrationFactory(meeting=meeting, status=Registration.Status.CANCELLED)
    old_sequence = meeting.sequence
    meeting.start += timedelta(days=7)
    meeting.end += timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        changes = services.save_meeting(meeting, staff, site_url="https://portal.example")
    assert [change["kind"] for change in changes] == ["time"]
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CHANGED
    assert meeting.sequence == old_sequence + 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.user.email for r in registrations)
    message = mail.outbox[0]
    assert "Geändert" in message.subject
    new_day = f"{meeting.start.astimezone():%d.%m.%Y}"
    assert "vorher" in message.body and new_day in message.body
    filename, content, mimetype = message.attachments[0]
    assert mimetype == "text/calendar"
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert int(event["SEQUENCE"]) == meeting.sequence
    assert str(event["UID"]) == meeting.ical_uid


def test_change_of_room_and_cancellation(staff, django_capture_on_commit_callbacks):
    meeting = MeetingFactory()
    registration = RegistrationFactory(meeting=meeting)
    meeting.room = RoomFactory(name="Else-Zimmermann-Saal")
    with django_capture_on_commit_callbacks(execute=True):
        services.save_meeting(meeting, staff)
    assert "Else-Zimmermann-Saal" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        services.set_status(meeting, Meeting.Status.CANCELLED, staff)
    assert len(mail.outbox) == 2
    assert mail.outbox[1].to == [registration.user.email]
    assert "Abgesagt" in mail.outbox[1].subject
    event = Calendar.from_ical(mail.outbox[1].attachments[0][1]).walk("VEVENT")[0]
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 2


def test_change_of_agenda_raises_sequence_without_mail(staff, django_capture_on_commit_callbacks):
    meeting = MeetingFactory()
    RegistrationFactory(meeting=meeting)
    meeting.agenda = "Neue Tagesordnung"
    with django_capture_on_commit_callbacks(execute=True):
        assert services.save_meeting(meeting, staff) == []
    meeting.refresh_from_db()
    assert meeting.sequence == 1
    assert meeting.status == Meeting.Status.SCHEDULED
    assert mail.outbox == []


def test_raising_the_capacity_moves_waiting_people_up(staff, django_capture_on_commit_callbacks):
    meeting = MeetingFactory(capacity=1)
    RegistrationFactory(meeting=meeting)
    waiting = RegistrationFactory(meeting=meeting, status=Registration.Status.WAITING)
    meeting.capacity = 2
    with django_capture_on_commit_callbacks(execute=True):
        services.save_meeting(meeting, staff)
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert mail.outbox[0].to == [waiting.user.email]


def test_record_attendance(staff):
    meeting = MeetingFactory()
    present, absent = (
        RegistrationFactory(meeting=meeting),
        RegistrationFactory(meeting=meeting, attended=True),
    )
    assert services.record_attendance(meeting, [str(present.pk)], staff) == 1
    present.refresh_from_db()
    absent.refresh_from_db()
    assert present.attended and not absent.attended


def test_record_attendance_needs_permission():
    meeting = MeetingFactory()
    with pytest.raises(PermissionDenied):
        services.record_attendance(meeting, [], MembershipFactory().user)
