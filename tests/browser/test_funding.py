"""A representative applies for funding in the browser, in German and in English, with axe on every step."""

import datetime
import os

import pytest
from django.utils import timezone

from funding.models import Programme
from tests.browser.conftest import assert_accessible, log_in
from tests.factories import PASSWORD, MembershipFactory
from tests.funding.factories import PDF_BYTES, ProgrammeFactory

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def applicant(db):
    ProgrammeFactory(name="MSO-Förderung Test")
    membership = MembershipFactory(organisation__name="Kulturbrücke Sennestadt e.V.")
    return membership.user


def save(page):
    page.locator("main form button.btn-primary").last.click()


def back_on(page, url):
    # A redirect keeps the fragment of the page the form was sent from (#field after the error summary).
    page.wait_for_url(lambda current: current.split("#")[0] == url)


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_representative_applies_online(page, applicant, prefix):
    start = timezone.localdate() + datetime.timedelta(days=30)
    log_in(page, applicant.email, PASSWORD)
    page.goto(f"{prefix}/foerderung/")
    assert_accessible(page)
    page.goto(f"{prefix}/foerderung/antraege/")
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/antraege/*/")
    task_list = page.url
    assert_accessible(page)

    page.click("a[href$='/antragsteller/']")
    assert_accessible(page)
    page.fill("input[name=street]", "Lindenstraße 4")
    page.fill("input[name=postcode]", "33689")
    page.fill("input[name=city]", "Bielefeld")
    page.fill("input[name=signatory_name]", "Nadia Haddad")
    page.fill("input[name=signatory_role]", "Vorsitzende")
    save(page)
    back_on(page, task_list)

    # The project: an end before the start is an error; what was typed stays.
    page.click("a[href$='/projekt/']")
    page.fill("input[name=title]", "Tanz ohne Grenzen")
    page.check("input[name=area][value=culture]")
    page.fill("textarea[name=description]", "Ein Tanzkurs für Jugendliche aus vielen Ländern.")
    page.fill("textarea[name=goals]", "Begegnung")
    page.fill("textarea[name=target_group]", "Jugendliche")
    page.fill("input[name=expected_participants]", "30")
    page.fill("input[name=venue]", "Jugendzentrum")
    page.fill("input[name=start_date]", start.isoformat())
    page.fill("input[name=end_date]", (start - datetime.timedelta(days=1)).isoformat())
    page.check("input[name=not_started]")
    save(page)
    assert page.locator(".error-summary").is_visible()
    assert page.input_value("input[name=title]") == "Tanz ohne Grenzen"
    assert_accessible(page)
    page.click(".error-summary a")
    assert page.evaluate("document.activeElement.name") == "end_date"
    page.fill("input[name=end_date]", (start + datetime.timedelta(days=60)).isoformat())
    save(page)
    back_on(page, task_list)

    page.click("a[href$='/finanzplan/']")
    assert_accessible(page)
    page.select_option("select[name=costs-0-category]", "fees")
    page.fill("input[name=costs-0-description]", "Tanzlehrerin")
    page.fill("input[name=costs-0-amount]", "1200" if prefix else "1.200,00")
    page.select_option("select[name=costs-1-category]", "room_rent")
    page.fill("input[name=costs-1-amount]", "300")
    page.fill("input[name=financing-own_funds]", "500")
    page.fill("input[name=financing-requested_grant]", "1000")
    save(page)
    back_on(page, task_list)

    page.click("a[href$='/bankverbindung/']")
    assert_accessible(page)
    page.fill("input[name=account_holder]", "Kulturbrücke Sennestadt e.V.")
    page.fill("input[name=iban]", "DE89 3704 0044 0532 0130 00")
    page.fill("input[name=bank_name]", "Sparkasse Bielefeld")
    save(page)
    back_on(page, task_list)

    page.click("a[href$='/anlagen/']")
    assert_accessible(page)
    for kind in ("register_extract", "statutes", "board_list", "charitable_status"):
        page.select_option("select[name=kind]", kind)
        page.set_input_files(
            "input[name=file]", {"name": f"{kind}.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
        )
        page.locator("form[enctype] button[type=submit]").click()
        page.wait_for_load_state()
    assert_accessible(page)
    page.click("button[name=done]")
    back_on(page, task_list)

    page.click("a[href$='/erklaerungen/']")
    assert_accessible(page)
    for name in ("declares_truthful", "declares_no_double_funding", "declares_privacy_notice"):
        page.check(f"input[name={name}]")
    page.fill("input[name=signature_name]", "Nadia Haddad")
    page.fill("input[name=signature_place]", "Bielefeld")
    save(page)
    back_on(page, task_list)
    assert_accessible(page)

    page.click("a[href$='/pruefen/']")
    assert_accessible(page)
    assert "Tanz ohne Grenzen" in page.content()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/bestaetigung/")
    assert_accessible(page)
    reference = page.locator("main strong").first.inner_text()
    assert reference == f"MSO-{Programme.objects.get().year}-0001"
    pdf_link = page.locator("a[href$='antrag.pdf']").first.get_attribute("href")
    response = page.request.get(pdf_link)
    assert response.ok and response.body().startswith(b"%PDF")
    assert response.headers["content-type"] == "application/pdf"
