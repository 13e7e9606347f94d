from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from tests.meetings.factories import MeetingFactory, NetworkFactory, RegistrationFactory, RoomFactory

pytestmark = pytest.mark.django_db


def form_data(meeting=None, **overrides):
    start = timezone.localtime() + timedelta(days=20)
    data = {
        "network": meeting.network_id if meeting else NetworkFactory().pk,
        "title": meeting.title if meeting else "Netzwerktreffen",
        "start_0": f"{start:%d.%m.%Y}",
        "start_1": "17:00:00",
        "end_0": f"{start:%d.%m.%Y}",
        "end_1": "19:30:00",
        "room": meeting.room_id if meeting else RoomFactory().pk,
        "status": meeting.status if meeting else Meeting.Status.SCHEDULED,
        "registration_open": "on",
        "capacity": "",
        "agenda": "",
        "registrations-TOTAL_FORMS": "0",
        "registrations-INITIAL_FORMS": "0",
        "registrations-MIN_NUM_FORMS": "0",
        "registrations-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_admin_creates_meeting(staff_client):
    response = staff_client.post(reverse("admin:meetings_meeting_add"), form_data())
    assert response.status_code == 302, response.context["adminform"].form.errors
    meeting = Meeting.objects.get()
    assert timezone.localtime(meeting.start).hour == 17
    assert meeting.capacity == meeting.room.capacity


def test_admin_refuses_double_booking_with_a_clear_error(staff_client):
    existing = MeetingFactory(
        start=timezone.localtime().replace(hour=17, minute=0, second=0, microsecond=0) + timedelta(days=20)
    )
    existing.end = existing.start + timedelta(hours=2, minutes=30)
    existing.save()
    response = staff_client.post(reverse("admin:meetings_meeting_add"), form_data(room=existing.room_id))
    assert response.status_code == 200
    assert (
        "Dieser Raum ist zu dieser Zeit schon für ein anderes Treffen gebucht." in response.content.decode()
    )
    assert Meeting.objects.count() == 1


def test_admin_refuses_end_before_start_and_past_dates(staff_client):
    response = staff_client.post(reverse("admin:meetings_meeting_add"), form_data(end_1="16:00:00"))
    assert "Das Ende muss nach dem Beginn liegen." in response.content.decode()
    past = timezone.localtime() - timedelta(days=3)
    response = staff_client.post(
        reverse("admin:meetings_meeting_add"),
        form_data(start_0=f"{past:%d.%m.%Y}", end_0=f"{past:%d.%m.%Y}"),
    )
    assert "Ein neues Treffen kann nicht in der Vergangenheit beginnen." in response.content.decode()
    assert not Meeting.objects.exists()


def test_admin_change_of_room_mails_registered_people(staff_client, django_capture_on_commit_callbacks):
    meeting = MeetingFactory()
    registrations = [RegistrationFactory(meeting=meeting) for _ in range(2)]
    new_room = RoomFactory(name="Else-Zimmermann-Saal")
    start = timezone.localtime(meeting.start)
    data = form_data(
        meeting,
        room=new_room.pk,
        start_0=f"{start:%d.%m.%Y}",
        end_0=f"{start:%d.%m.%Y}",
        **{"registrations-TOTAL_FORMS": "0"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("admin:meetings_meeting_change", args=[meeting.pk]), data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.room == new_room and meeting.status == Meeting.Status.CHANGED and meeting.sequence == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.user.email for r in registrations)
    assert all("Else-Zimmermann-Saal" in m.body for m in mail.outbox)


def test_admin_cancel_action(staff_client, django_capture_on_commit_callbacks):
    meeting = MeetingFactory()
    registration = RegistrationFactory(meeting=meeting)
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            reverse("admin:meetings_meeting_changelist"),
            {"action": "cancel_meetings", "_selected_action": [meeting.pk]},
        )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    assert [m.to for m in mail.outbox] == [[registration.user.email]]


@pytest.mark.parametrize(
    "name", ["meetings_meeting_changelist", "meetings_registration_changelist", "meetings_room_changelist"]
)
def test_admin_lists(staff_client, name):
    RegistrationFactory()
    assert staff_client.get(reverse(f"admin:{name}")).status_code == 200


def test_admin_change_page_shows_registrations(staff_client):
    registration = RegistrationFactory()
    response = staff_client.get(reverse("admin:meetings_meeting_change", args=[registration.meeting.pk]))
    assert response.status_code == 200
    assert registration.organisation.name in response.content.decode()
