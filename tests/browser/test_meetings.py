import os
from datetime import timedelta

import pytest
from django.utils import timezone

from meetings.models import Meeting, Registration
from tests.browser.conftest import assert_accessible, log_in
from tests.factories import PASSWORD, MembershipFactory
from tests.meetings.factories import MeetingFactory

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def meetings(db):
    upcoming = MeetingFactory(title="Netzwerktreffen Frühjahr", capacity=1)
    MeetingFactory(title="Netzwerktreffen Sommer", status=Meeting.Status.CANCELLED)
    MeetingFactory(title="Netzwerktreffen Herbst", status=Meeting.Status.CHANGED)
    return upcoming


def test_calendar_and_meeting_page_are_accessible(page, meetings):
    page.goto("/termine/")
    assert page.locator("h1").inner_text().strip() == "Netzwerktreffen"
    assert page.get_by_text("Abgesagt").first.is_visible()
    assert_accessible(page)
    page.click("text=Netzwerktreffen Frühjahr")
    assert page.locator("h1").inner_text().startswith("Netzwerktreffen Frühjahr")
    assert page.get_by_role("link", name="Einloggen und anmelden").is_visible()
    assert_accessible(page)


def test_representative_registers_and_cancels(page, meetings, representative, organisation):
    log_in(page, representative.email, PASSWORD)
    page.wait_for_url("**/mein-bereich/")
    page.goto(meetings.get_absolute_url())
    page.get_by_label("Für welchen Verein kommen Sie?").select_option(str(organisation.pk))
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(f"**{meetings.get_absolute_url()}")
    assert page.get_by_text("Sie sind angemeldet.").is_visible()
    assert page.get_by_text(f"Sie sind für {organisation.name} angemeldet.").is_visible()
    assert_accessible(page)
    registration = Registration.objects.get(meeting=meetings, user=representative)
    assert registration.status == Registration.Status.CONFIRMED

    page.goto("/mein-bereich/")
    assert page.get_by_role("link", name="Netzwerktreffen Frühjahr").is_visible()

    page.goto(meetings.get_absolute_url())
    page.get_by_role("button", name="Meine Anmeldung stornieren").click()
    assert page.get_by_text("Ihre Anmeldung wurde storniert.").is_visible()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert page.get_by_role("button", name="Anmelden").is_visible()


def test_staff_ticks_attendance_on_an_accessible_page(page, meetings, staff, settings):
    membership = MembershipFactory()
    registration = Registration.objects.create(
        meeting=meetings, user=membership.user, organisation=membership.organisation
    )
    start = timezone.now() - timedelta(days=200)
    held = MeetingFactory(start=start, end=start + timedelta(hours=2), status=Meeting.Status.HELD)
    Registration.objects.create(
        meeting=held, user=membership.user, organisation=membership.organisation, attended=True
    )
    log_in(page, staff.email, PASSWORD)
    page.wait_for_url("**/mein-bereich/")
    page.goto(f"/termine/{meetings.pk}/anwesenheit/")
    assert_accessible(page)
    page.get_by_label(str(registration.user)).check()
    page.get_by_role("button", name="Anwesenheit speichern").click()
    assert page.get_by_text("Anwesenheit gespeichert: 1 anwesend.").is_visible()
    registration.refresh_from_db()
    assert registration.attended
    page.goto("/termine/anwesenheit/")
    assert page.locator("svg[role=img] rect").count() == 1
    assert_accessible(page)
