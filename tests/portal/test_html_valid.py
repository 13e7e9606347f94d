import pytest

from tests.html_validator import html_errors

pytestmark = pytest.mark.django_db

PUBLIC_PATHS = [
    "/",
    "/netzwerk/",
    "/kontakt/",
    "/impressum/",
    "/datenschutz/",
    "/barrierefreiheit/",
    "/barrierefreiheit/melden/",
    "/leichte-sprache/",
    "/konto/login/",
    "/konto/signup/",
    "/konto/password/reset/",
    "/does-not-exist/",
]


def test_pages_are_valid_html(client, user):
    pages = {}
    for path in PUBLIC_PATHS:
        for prefix in ("", "/en"):
            pages[prefix + path] = client.get(prefix + path).content.decode()
    pages["barrier report with errors"] = client.post(
        "/barrierefreiheit/melden/", {"email": "x"}
    ).content.decode()
    client.force_login(user)
    for path in ("/mein-bereich/", "/konto/password/change/", "/konto/email/", "/konto/2fa/"):
        pages[path] = client.get(path).content.decode()
    errors = html_errors(pages)
    assert not errors, "\n".join(errors)
