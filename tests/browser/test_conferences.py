import os

import pytest

from conferences.models import Conference, Document
from tests.browser.conftest import assert_accessible
from tests.conferences.factories import (
    ConferenceFactory,
    ConferenceMeetingFactory,
    DocumentFactory,
    PhotoFactory,
    past_conference,
    pdf_upload,
)

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def conferences(db):
    held = past_conference(
        2018,
        title="Vernetzung von Migrantenorganisationen und Regeldiensten",
        programme="- **09:30** Ankommen\n- **10:00** Kennenlernen",
    )
    DocumentFactory(
        conference=held,
        title="Dokumentation",
        file=pdf_upload("doku.pdf", "Eine Kooperationsboerse an Stellwaenden", "Workshops"),
    )
    DocumentFactory(conference=held, title="Sunum", language="tr", kind=Document.Kind.PRESENTATION)
    PhotoFactory(conference=held, alt_text="Teilnehmende an runden Tischen", caption="Workshops")
    past_conference(2017, title="Ressourcen, Potenziale und Kompetenzen")
    ConferenceFactory(
        meeting=ConferenceMeetingFactory(registration_open=True),
        title="Gemeinsam im Quartier",
        status=Conference.Status.ANNOUNCED,
    )
    return held


@pytest.mark.parametrize(
    "prefix, heading, search_label, button, found, documents",
    [
        ("", "Fachtagungen", "Im Archiv suchen", "Suchen", "1 Fachtagung gefunden", "Dokumente"),
        ("/en", "Conferences", "Search the archive", "Search", "1 conference found", "Documents"),
    ],
)
def test_archive_search_and_conference_page(
    page, conferences, prefix, heading, search_label, button, found, documents
):
    page.goto(f"{prefix}/fachtagungen/")
    assert page.locator("h1").inner_text().strip() == heading
    assert page.get_by_role("link", name="Gemeinsam im Quartier").first.is_visible()
    headings = page.locator("main h3").all_inner_texts()
    assert headings.index("2018") < headings.index("2017")
    assert_accessible(page)

    page.get_by_label(search_label).fill("Kooperationsboerse")
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_url("**q=Kooperationsboerse**")
    assert page.get_by_role("heading", name=found).is_visible()
    assert page.locator("mark").first.inner_text() == "Kooperationsboerse"
    assert_accessible(page)

    page.get_by_role("link", name=conferences.title).click()
    page.wait_for_url(f"**{conferences.get_absolute_url()}")
    assert page.locator("h1").inner_text().strip() == conferences.title
    assert page.get_by_role("heading", name=documents).is_visible()
    link = page.get_by_role("link", name="Dokumentation (PDF")
    assert link.count() == 1
    assert page.locator("img[alt='Teilnehmende an runden Tischen']").is_visible()
    assert_accessible(page)


def test_home_page_announces_the_next_conference(page, conferences):
    page.goto("/")
    assert page.get_by_role("heading", name="Nächste Fachtagung").is_visible()
    page.get_by_role("link", name="Zur Fachtagung anmelden").click()
    assert page.url.rstrip("/").split("/")[-2] == "termine"
    assert_accessible(page)
