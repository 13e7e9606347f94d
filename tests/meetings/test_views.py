import io
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from pypdf import PdfReader

from meetings import services
from meetings.models import Meeting, NetworkMeetingRequest, Registration
from tests.factories import MembershipFactory, UserFactory
from tests.meetings.factories import MeetingFactory, NetworkFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def past_meeting(**kwargs):
    start = timezone.now() - timedelta(days=kwargs.pop("days_ago", 30))
    return MeetingFactory(start=start, end=start + timedelta(hours=2, minutes=30), **kwargs)


# Calendar


def test_calendar_lists_upcoming_first_and_past_by_year(client):
    upcoming = MeetingFactory(title="Treffen im Frühjahr")
    cancelled = MeetingFactory(title="Abgesagtes Treffen", status=Meeting.Status.CANCELLED)
    changed = MeetingFactory(title="Verschobenes Treffen", status=Meeting.Status.CHANGED)
    old = past_meeting(title="Treffen von früher", days_ago=400, status=Meeting.Status.HELD)
    response = client.get(reverse("meetings:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index(upcoming.title) < html.index(old.title)
    assert f"Termine {timezone.localtime(old.start).year}" in html
    assert cancelled.title in html and "Abgesagt" in html
    assert changed.title in html and "Geändert" in html
    assert upcoming.room.name in html and "17:00" in html


def test_calendar_filters_by_network(client):
    shown = MeetingFactory()
    hidden = MeetingFactory()
    response = client.get(reverse("meetings:list"), {"netzwerk": shown.network.slug})
    assert shown.title in response.content.decode()
    assert hidden.title not in response.content.decode()
    assert client.get(reverse("meetings:list"), {"netzwerk": "gibt-es-nicht"}).status_code == 404


def test_calendar_query_count_is_constant(client, django_assert_max_num_queries, representative):
    def calendar_queries(extra):
        for _ in range(extra):
            meeting = MeetingFactory()
            RegistrationFactory(meeting=meeting)
            RegistrationFactory(meeting=meeting, membership=representative.memberships.get())
            past_meeting(days_ago=60 + Meeting.objects.count())
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("meetings:list")).status_code == 200
        return len(queries)

    client.force_login(representative)
    few = calendar_queries(1)
    many = calendar_queries(10)
    assert few == many
    with django_assert_max_num_queries(few):
        client.get(reverse("meetings:list"))


# Meeting page and registration


def test_meeting_page_for_anonymous_offers_login(client):
    meeting = MeetingFactory(agenda="1. **Begrüßung**")
    response = client.get(meeting.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>Begrüßung</strong>" in html
    assert meeting.room.address in html
    assert reverse("meetings:ics", args=[meeting.pk]) in html
    assert reverse("account_login") in html


def test_anonymous_cannot_register(client):
    meeting = MeetingFactory()
    response = client.post(reverse("meetings:register", args=[meeting.pk]), {})
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert not Registration.objects.exists()


def test_representative_registers_and_cancels(client, representative, organisation):
    meeting = MeetingFactory()
    client.force_login(representative)
    response = client.post(reverse("meetings:register", args=[meeting.pk]), {"organisation": organisation.pk})
    assert response.status_code == 302
    registration = Registration.objects.get(meeting=meeting, user=representative)
    assert registration.organisation == organisation
    assert registration.status == Registration.Status.CONFIRMED
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Sie sind für" in page and organisation.name in page
    dashboard = client.get(reverse("portal:dashboard")).content.decode()
    assert meeting.title in dashboard
    response = client.post(reverse("meetings:cancel", args=[meeting.pk]))
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


def test_registering_for_another_organisation_gives_a_form_error(
    client, representative, other_representative
):
    meeting = MeetingFactory()
    other_organisation = other_representative.memberships.get().organisation
    client.force_login(representative)
    response = client.post(
        reverse("meetings:register", args=[meeting.pk]), {"organisation": other_organisation.pk}
    )
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert not Registration.objects.exists()


def test_user_without_organisation_cannot_register(client):
    meeting = MeetingFactory()
    client.force_login(UserFactory())
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Nur Vertreterinnen und Vertreter" in page
    response = client.post(reverse("meetings:register", args=[meeting.pk]), {"organisation": "1"})
    assert response.status_code == 200
    assert not Registration.objects.exists()


def test_cancel_without_registration_is_404(client, representative, other_representative):
    meeting = MeetingFactory()
    RegistrationFactory(meeting=meeting, membership=other_representative.memberships.get())
    client.force_login(representative)
    assert client.post(reverse("meetings:cancel", args=[meeting.pk])).status_code == 404
    assert meeting.registrations.active().count() == 1


def test_closed_registration_shows_message(client, representative):
    meeting = MeetingFactory(registration_open=False)
    client.force_login(representative)
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Die Anmeldung zu diesem Termin ist geschlossen." in html


def test_register_when_closed_shows_error(client, representative, organisation):
    meeting = MeetingFactory(status=Meeting.Status.CANCELLED)
    client.force_login(representative)
    response = client.post(reverse("meetings:register", args=[meeting.pk]), {"organisation": organisation.pk})
    assert response.status_code == 200
    assert not Registration.objects.exists()


# Minutes


@pytest.fixture
def meeting_with_minutes():
    meeting = past_meeting(status=Meeting.Status.HELD)
    meeting.minutes.save("protokoll.pdf", ContentFile(b"%PDF-1.4 minutes"))
    return meeting


def test_minutes_for_roles(client, meeting_with_minutes, representative, staff):
    url = reverse("meetings:minutes", args=[meeting_with_minutes.pk])
    response = client.get(url)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(representative)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 minutes"
    client.force_login(staff)
    assert client.get(url).status_code == 200


# iCal


def test_meeting_ics_parses_with_uid_sequence_dtstamp_and_tzid(client):
    meeting = MeetingFactory()
    response = client.get(reverse("meetings:ics", args=[meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    event = calendar.walk("VEVENT")[0]
    assert str(event["UID"]) == meeting.ical_uid
    assert int(event["SEQUENCE"]) == 0
    assert "DTSTAMP" in event
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event.decoded("DTSTART") == meeting.start
    assert str(event["STATUS"]) == "CONFIRMED"
    assert meeting.room.name in str(event["LOCATION"])
    assert client.get(f"/termine/{meeting.pk}/kalender.ics").content == response.content


def test_feed_contains_all_meetings_and_cancellations(client):
    meetings = [MeetingFactory(), MeetingFactory(status=Meeting.Status.CANCELLED), past_meeting()]
    response = client.get(reverse("meetings:feed"))
    calendar = Calendar.from_ical(response.content)
    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {m.ical_uid for m in meetings}
    assert str(events[meetings[1].ical_uid]["STATUS"]) == "CANCELLED"


def test_feed_for_one_network(client):
    network = NetworkFactory(slug="ezidische-vereine")
    mine, other = MeetingFactory(network=network), MeetingFactory()
    response = client.get(reverse("meetings:feed"), {"netzwerk": "ezidische-vereine"})
    uids = [str(e["UID"]) for e in Calendar.from_ical(response.content).walk("VEVENT")]
    assert uids == [mine.ical_uid]
    assert other.ical_uid not in uids


def test_feed_with_unknown_network_is_a_clear_404(client):
    response = client.get(reverse("meetings:feed"), {"netzwerk": "unbekannt"})
    assert response.status_code == 404
    assert "unbekannt" in response.content.decode()
    assert "Netzwerk" in response.content.decode()


# Staff pages


def test_sign_in_sheet_lists_registered_people(client, staff_client):
    meeting = MeetingFactory(title="Netzwerktreffen Herbst")
    registrations = [RegistrationFactory(meeting=meeting) for _ in range(3)]
    RegistrationFactory(meeting=meeting, status=Registration.Status.CANCELLED)
    response = staff_client.get(reverse("meetings:sign_in_sheet", args=[meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Netzwerktreffen Herbst" in text
    assert "Unterschrift" in text
    for registration in registrations:
        assert registration.user.get_full_name() in text
        assert registration.organisation.name in text


@pytest.mark.parametrize("name", ["sign_in_sheet", "check_in"])
def test_staff_pages_are_refused_to_others(client, representative, name):
    meeting = MeetingFactory()
    url = reverse(f"meetings:{name}", args=[meeting.pk])
    assert client.get(url).status_code == 302
    client.force_login(representative)
    assert client.get(url).status_code == 404


def test_check_in_page_ticks_attendance(staff_client):
    meeting = MeetingFactory()
    present, absent = RegistrationFactory(meeting=meeting), RegistrationFactory(meeting=meeting)
    url = reverse("meetings:check_in", args=[meeting.pk])
    assert present.user.get_full_name() in staff_client.get(url).content.decode()
    response = staff_client.post(url, {"attended": [str(present.pk)]})
    assert response.status_code == 302
    present.refresh_from_db()
    absent.refresh_from_db()
    assert present.attended and not absent.attended


def test_attendance_chart_and_table(staff_client, client, representative):
    first = past_meeting(days_ago=400, status=Meeting.Status.HELD)
    second = past_meeting(days_ago=30, status=Meeting.Status.HELD)
    for index in range(5):
        RegistrationFactory(meeting=first, attended=index < 4)
    RegistrationFactory(meeting=second, attended=True)
    past_meeting(days_ago=60, status=Meeting.Status.CANCELLED)
    response = staff_client.get(reverse("meetings:attendance"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html and html.count("<rect") == 2
    assert '<td class="text-end">5</td>' in html and '<td class="text-end">4</td>' in html
    client.force_login(representative)
    assert client.get(reverse("meetings:attendance")).status_code == 404


# Request a network meeting


def test_request_network_meeting(
    client, representative, organisation, staff, django_capture_on_commit_callbacks
):
    client.force_login(representative)
    url = reverse("meetings:request")
    assert client.get(url).status_code == 200
    data = {
        "organisation": organisation.pk,
        "network_name": "Netzwerk ezidischer Vereine",
        "topic": "Austausch über Jugendarbeit",
        "preferred_dates": "Mittwochs ab 17 Uhr",
        "expected_participants": "12",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302
    request = NetworkMeetingRequest.objects.get()
    assert request.organisation == organisation and request.requested_by == representative
    assert mail.outbox[0].to == [staff.email]
    assert "Netzwerk ezidischer Vereine" in mail.outbox[0].subject


def test_request_with_bad_input_keeps_the_values(client, representative, organisation):
    client.force_login(representative)
    response = client.post(
        reverse("meetings:request"),
        {
            "organisation": organisation.pk,
            "network_name": "Netzwerk X",
            "topic": "",
            "expected_participants": "viele",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "error-summary" in html and 'value="Netzwerk X"' in html
    assert not NetworkMeetingRequest.objects.exists()


def test_request_refused_to_anonymous_and_non_representatives(client):
    assert client.get(reverse("meetings:request")).status_code == 302
    client.force_login(UserFactory())
    assert client.get(reverse("meetings:request")).status_code == 403


# Contributions to other pages


def test_home_page_shows_next_meetings(client):
    meetings = [MeetingFactory() for _ in range(4)]
    html = client.get(reverse("portal:home")).content.decode()
    assert all(m.title in html for m in meetings[:3])
    assert meetings[3].title not in html


def test_organisation_meetings_tag(organisation):
    from django.template import Context, Template

    mine = MeetingFactory()
    RegistrationFactory(meeting=mine, membership=MembershipFactory(organisation=organisation))
    other = MeetingFactory()
    template = Template("{% load meetings_tags %}{% organisation_meetings organisation %}")
    html = template.render(Context({"organisation": organisation}))
    assert mine.title in html and other.title not in html
    html = template.render(Context({"organisation": MembershipFactory().organisation}))
    assert mine.title in html and other.title in html


def test_mails_are_in_the_language_of_the_site_the_person_registered_on(
    client, django_capture_on_commit_callbacks, staff
):
    meeting = MeetingFactory(capacity=1, title="Netzwerktreffen Mai")
    english, german = MembershipFactory(), MembershipFactory()
    path = reverse("meetings:register", args=[meeting.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.force_login(english.user)
        client.post(f"/en{path}", {"organisation": english.organisation.pk})
        client.force_login(german.user)
        client.post(path, {"organisation": german.organisation.pk})
    assert [m.subject for m in mail.outbox] == [
        "Registration confirmed: Netzwerktreffen Mai",
        "Warteliste: Netzwerktreffen Mai",
    ]
    mail.outbox.clear()
    # The English registration is cancelled (here on the German site): the German one moves up, in German.
    with django_capture_on_commit_callbacks(execute=True):
        client.force_login(english.user)
        client.post(reverse("meetings:cancel", args=[meeting.pk]))
    assert [m.subject for m in mail.outbox] == ["Ein Platz ist für Sie frei: Netzwerktreffen Mai"]


def test_a_person_moved_up_gets_the_mail_in_the_language_they_registered_in(
    client, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(capacity=1, title="Netzwerktreffen Juni")
    first, waiting = MembershipFactory(), MembershipFactory()
    path = reverse("meetings:register", args=[meeting.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.force_login(first.user)
        client.post(path, {"organisation": first.organisation.pk})
        client.force_login(waiting.user)
        client.post(f"/en{path}", {"organisation": waiting.organisation.pk})
        client.force_login(first.user)
        client.post(reverse("meetings:cancel", args=[meeting.pk]))
    assert [m.subject for m in mail.outbox] == [
        "Anmeldung bestätigt: Netzwerktreffen Juni",
        "Waiting list: Netzwerktreffen Juni",
        "A place is free for you: Netzwerktreffen Juni",
    ]
    assert Registration.objects.get(user=waiting.user).language == "en"
    mail.outbox.clear()
    meeting.refresh_from_db()
    meeting.start += timedelta(hours=1)
    meeting.end += timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.save_meeting(meeting, None)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [waiting.user.email]
    assert mail.outbox[0].subject == "Changed: Netzwerktreffen Juni"


def test_dates_are_written_the_way_each_language_writes_them(
    client, representative, organisation, django_capture_on_commit_callbacks
):
    start = timezone.make_aware(datetime(2027, 2, 10, 17, 0))
    meeting = MeetingFactory(start=start, end=start + timedelta(hours=2), title="Treffen im Februar")
    register = reverse("meetings:register", args=[meeting.pk])
    german = client.get(meeting.get_absolute_url()).content.decode()
    assert "Mittwoch, 10. Februar 2027" in german
    english = client.get("/en" + meeting.get_absolute_url()).content.decode()
    assert "Wednesday, 10 February 2027" in english
    assert "10. February" not in english
    client.force_login(representative)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en{register}", {"organisation": organisation.pk})
    assert "When: Wednesday, 10 February 2027, 17:00–19:00" in mail.outbox[-1].body
