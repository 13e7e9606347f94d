import pytest

pytestmark = pytest.mark.django_db

PAGES = [
    # (German path, German key text, English key text)
    ("/", "Netzwerk Migrantenorganisationen", "Network of Migrant Organisations"),
    ("/netzwerk/", "Das Netzwerk", "The network"),
    ("/kontakt/", "Margarita Bergen", "Margarita Bergen"),
    ("/impressum/", "Bezirksregierung Detmold", "Bezirksregierung Detmold"),
    ("/datenschutz/", "Datenschutzerklärung", "Privacy notice"),
    (
        "/barrierefreiheit/",
        "Ombudsstelle für barrierefreie Informationstechnik",
        "ombudsstelle-barrierefreie-it@mags.nrw.de",
    ),
    ("/leichte-sprache/", "Leichte Sprache", "Easy Language"),
]


@pytest.mark.parametrize(("path", "german", "english"), PAGES)
def test_content_page_in_german(client, path, german, english):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="de">' in html
    assert german in html


@pytest.mark.parametrize(("path", "german", "english"), PAGES)
def test_content_page_in_english(client, path, german, english):
    response = client.get("/en" + path)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert english in html


def test_network_page_shows_meeting_rhythm_from_the_seed(client):
    html = client.get("/netzwerk/").content.decode()
    assert "17:00" in html and "19:30" in html
    assert "Nowgorod-Raum" in html


def test_privacy_page_lists_the_cookies(client):
    html = client.get("/datenschutz/").content.decode()
    for cookie in ("sessionid", "csrftoken"):
        assert cookie in html
    assert "LDI NRW" in html or "Landesbeauftragte für Datenschutz" in html


def test_every_page_links_the_barrier_report_and_legal_pages(client):
    html = client.get("/netzwerk/").content.decode()
    for url in (
        "/impressum/",
        "/datenschutz/",
        "/barrierefreiheit/",
        "/barrierefreiheit/melden/",
        "/leichte-sprache/",
    ):
        assert f'href="{url}' in html


def test_staff_edit_the_page_text_and_html_is_removed(client):
    from portal.models import Page

    page = Page.objects.get(slug=Page.Slug.NETWORK)
    page.body_de = "Neuer **Text** <script>alert('x')</script> [Link](javascript:alert(1))"
    page.save()
    html = client.get("/netzwerk/").content.decode()
    assert "<strong>Text</strong>" in html
    assert "<script>alert" not in html
    assert "javascript:" not in html


def test_english_falls_back_to_german_when_no_translation(client):
    from portal.models import Page

    Page.objects.filter(slug=Page.Slug.IMPRINT).update(title_en="", body_en="")
    response = client.get("/en/impressum/")
    assert response.status_code == 200
    assert "Impressum" in response.content.decode()


def test_missing_page_is_a_styled_404(client):
    from portal.models import Page

    Page.objects.filter(slug=Page.Slug.IMPRINT).delete()
    response = client.get("/impressum/")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


def test_unknown_url_is_a_translated_404(client):
    assert "Page not found" in client.get("/en/does-not-exist/").content.decode()


def test_language_switch_links_to_the_same_page(client):
    html = client.get("/netzwerk/").content.decode()
    assert 'href="/en/netzwerk/" hreflang="en"' in html


def test_security_headers(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    assert "script-src 'self'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
