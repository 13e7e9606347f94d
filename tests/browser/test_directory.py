import pytest

from tests.browser.conftest import assert_accessible, log_in
from tests.organisations.factories import DirectoryOrganisationFactory, category

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def directory(db):

    culture = category("kultur")
    language = category("sprache-bildung")
    DirectoryOrganisationFactory(
        name="Türkischer Elternverein Heepen",
        slug="tuerkischer-elternverein-heepen",
        description="Sprachkurse und Hausaufgabenhilfe für Kinder.",
        activities="Wir treffen uns jeden Samstag.",
        offers=[language],
        languages=["tr", "de"],
        origins=["TR"],
        district="heepen",
        email="info@example.org",
        street="Beispielweg 1",
        postal_code="33719",
    )
    DirectoryOrganisationFactory(
        name="Syrischer Kulturverein Mitte",
        slug="syrischer-kulturverein-mitte",
        description="Musik, Tanz und Feste.",
        offers=[culture],
        languages=["ar"],
        origins=["SY"],
        district="mitte",
    )
    DirectoryOrganisationFactory(name="Polnischer Sportverein", languages=["pl"], district="senne")


def result_names(page):
    return page.locator(".organisation-card h3 a").all_inner_texts()


@pytest.mark.parametrize(
    ("prefix", "lang", "search_label", "submit"),
    [("", "de", "Suchbegriff", "Ergebnisse anzeigen"), ("/en", "en", "Search term", "Show results")],
)
def test_search_filter_and_open_an_entry(directory, page, prefix, lang, search_label, submit):
    page.goto(f"{prefix}/vereine/")
    assert page.locator("html").get_attribute("lang") == lang
    assert len(result_names(page)) == 3
    assert_accessible(page)

    # A filter value that does not exist: the message in the grey filter panel must be readable.
    page.goto(f"{prefix}/vereine/?angebot=nope")
    assert page.locator(".directory-filters .invalid-feedback").first.is_visible()
    assert_accessible(page)
    page.goto(f"{prefix}/vereine/")

    page.get_by_label(search_label).fill("Sprach")
    page.get_by_role("button", name=submit).click()
    page.wait_for_url("**q=Sprach**")
    assert result_names(page) == ["Türkischer Elternverein Heepen"]

    page.get_by_label(search_label).fill("")
    district = page.locator("#id_bezirk")
    district.select_option("mitte")
    page.locator("#directory-results:not([aria-busy]) .organisation-card a", has_text="Syrischer").wait_for()
    assert result_names(page) == ["Syrischer Kulturverein Mitte"]
    assert "bezirk=mitte" in page.url
    # Screen readers hear the new number of results from a live region.
    assert page.locator("#directory-announcement").inner_text().startswith("1 ")
    # The counts next to the other filters follow the chosen district.
    assert "(1" in page.locator("#id_sprache option[value=ar]").inner_text()

    page.get_by_role("link", name="Syrischer Kulturverein Mitte").click()
    page.wait_for_url("**/vereine/syrischer-kulturverein-mitte/")
    assert page.locator("h1").inner_text() == "Syrischer Kulturverein Mitte"
    assert_accessible(page)


def test_directory_without_javascript(directory, browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/vereine/")
    page.select_option("#id_sprache", "tr")
    page.get_by_role("button", name="Ergebnisse anzeigen").click()
    page.wait_for_url("**sprache=tr**")
    assert result_names(page) == ["Türkischer Elternverein Heepen"]
    context.close()


@pytest.mark.parametrize("path", ["/vereine/", "/en/vereine/tuerkischer-elternverein-heepen/"])
def test_phone_width(directory, phone_page, path):
    phone_page.goto(path)
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    assert_accessible(phone_page)


def test_detail_page_is_accessible_in_both_languages(directory, page):
    for path in ["/vereine/tuerkischer-elternverein-heepen/", "/en/vereine/tuerkischer-elternverein-heepen/"]:
        page.goto(path)
        assert page.locator("h1").inner_text() == "Türkischer Elternverein Heepen"
        assert page.locator("script[type='application/ld+json']").count() == 1
        assert_accessible(page)


def test_forms_of_a_representative_are_accessible(directory, page):
    from organisations.models import Organisation
    from tests.factories import PASSWORD, MembershipFactory, UserFactory

    user = UserFactory()
    MembershipFactory(user=user, organisation=Organisation.objects.get(slug="syrischer-kulturverein-mitte"))
    log_in(page, user.email, PASSWORD)
    page.wait_for_url("**/mein-bereich/")
    assert page.get_by_role("link", name="Syrischer Kulturverein Mitte", exact=True).count() == 1
    assert_accessible(page)
    for path in ["/vereine/eintragen/", "/vereine/syrischer-kulturverein-mitte/bearbeiten/"]:
        page.goto(path)
        assert_accessible(page)
    page.goto("/vereine/eintragen/")
    page.get_by_role("button", name="Zur Prüfung senden").click()
    page.locator(".error-summary").wait_for()
    assert_accessible(page)
