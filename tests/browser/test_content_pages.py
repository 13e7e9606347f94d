import pytest

from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def pages(db):
    from portal.models import ContactPerson, Page
    from portal.seed import seed_pages

    seed_pages(Page, ContactPerson)


@pytest.mark.parametrize(
    ("path", "lang", "heading"),
    [
        ("/", "de", "Netzwerk Migrantenorganisationen Bielefeld"),
        ("/en/", "en", "Network of Migrant Organisations in Bielefeld"),
        ("/netzwerk/", "de", "Das Netzwerk"),
        ("/en/netzwerk/", "en", "The network"),
    ],
)
def test_page_is_accessible(pages, page, path, lang, heading):
    page.goto(path)
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("h1").first.inner_text().strip() == heading
    assert_accessible(page)


def test_skip_link_moves_focus_to_main(pages, page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_language_switch_keeps_the_page(pages, page):
    page.goto("/netzwerk/")
    page.click("a[hreflang=en]")
    assert page.url.endswith("/en/netzwerk/")
    assert page.locator("h1").inner_text().strip() == "The network"
