"""Staff ask for a change, the applicant resubmits, staff grant part of it, the applicant files the proof."""

import os

import pytest

from funding import services
from funding.models import Application
from funding.workflow import Action, State
from portal.groups import FUNDING_DECISIONS
from tests.browser.conftest import assert_accessible, log_in
from tests.factories import PASSWORD, MembershipFactory, StaffFactory
from tests.funding.factories import PDF_BYTES, ApplicationFactory, ProgrammeFactory, fill_in

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people(settings):
    membership = MembershipFactory()
    staff = StaffFactory(groups=[FUNDING_DECISIONS])
    application = fill_in(
        ApplicationFactory(organisation=membership.organisation, programme=ProgrammeFactory())
    )
    application = services.transition(application, Action.SUBMIT, membership.user)
    services.transition(application, Action.START_REVIEW, staff)
    return membership.user, staff, application


def staff_step(page, application, action, fields):
    page.goto(f"/admin/funding/application/{application.pk}/change/")
    page.click(f"a[href$='/workflow/{action}/']")
    for name, value in fields.items():
        page.fill(f"[name={name}]", value)
    page.click("input[type=submit].default")
    page.wait_for_url(f"**/admin/funding/application/{application.pk}/change/")


def test_review_change_partial_grant_and_proof(browser, live_server, people):
    representative, staff, application = people
    staff_context = browser.new_context(base_url=live_server.url)
    staff_page = staff_context.new_page()
    log_in(staff_page, staff.email, PASSWORD)
    staff_page.wait_for_load_state()
    staff_step(staff_page, application, "request_changes", {"message": "Bitte das Ziel genauer beschreiben."})

    rep_context = browser.new_context(base_url=live_server.url)
    page = rep_context.new_page()
    log_in(page, representative.email, PASSWORD)
    page.wait_for_load_state()
    page.goto(application.get_absolute_url())
    assert "Bitte das Ziel genauer beschreiben." in page.content()
    assert_accessible(page)
    page.click("a[href$='/projekt/']")
    page.fill("textarea[name=goals]", "Deutsch üben und Nachbarn kennenlernen.")
    page.locator("main form button.btn-primary").click()
    page.wait_for_url(f"**{application.get_absolute_url()}")
    page.click("a[href$='/pruefen/']")
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/bestaetigung/")
    assert Application.objects.get(pk=application.pk).state == State.SUBMITTED

    staff_page.goto(f"/admin/funding/application/{application.pk}/change/")
    assert "Deutsch üben und Nachbarn kennenlernen." in staff_page.content()  # what changed
    staff_step(staff_page, application, "start_review", {})
    staff_step(
        staff_page,
        application,
        "approve_partially",
        {"granted_amount": "600,00", "proof_due_on": "2027-06-30", "conditions": "Belege aufbewahren."},
    )
    staff_step(staff_page, application, "record_payment", {})
    application.refresh_from_db()
    assert (application.state, application.granted_amount) == (State.PAID, 600)

    page.goto(application.get_absolute_url())
    assert "600,00" in page.content()
    assert_accessible(page)
    response = page.request.get(f"{application.get_absolute_url()}bescheid.pdf")
    assert response.ok and response.body().startswith(b"%PDF")
    page.click("a[href$='/nachweis/']")
    assert_accessible(page)
    page.fill("textarea[name=report]", "Zehn Treffen, 22 Teilnehmende.")
    page.fill("input[name=actual_participants]", "22")
    page.fill("input[name=actual_fees]", "1000")
    page.fill("input[name=actual_room_rent]", "300")
    page.fill("input[name=actual_own_funds]", "700")
    page.locator("form:has(textarea[name=report]) button[type=submit]").click()
    page.wait_for_load_state()
    page.fill("input[name=date]", "2027-02-01")
    page.fill("input[name=payee]", "Tanzschule Mitte")
    page.fill("input[name=purpose]", "Honorar")
    page.fill("input[name=amount]", "1300")
    page.set_input_files(
        "input[name=file]", {"name": "beleg.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    page.locator("form[enctype] button[type=submit]").click()
    page.wait_for_load_state()
    assert "Tanzschule Mitte" in page.content()
    assert_accessible(page)
    page.locator("form[action$='/nachweis/einreichen/'] button").click()
    page.wait_for_url(f"**{application.get_absolute_url()}")
    assert_accessible(page)
    assert Application.objects.get(pk=application.pk).state == State.PROOF_SUBMITTED
    staff_context.close()
    rep_context.close()
