import pytest
from django.http import HttpResponse
from django.middleware.csrf import get_token

from portal.cache import cache_public_page
from portal.models import Page

pytestmark = pytest.mark.django_db


@pytest.fixture
def caching(settings):
    settings.PORTAL_PUBLIC_CACHE_SECONDS = 60


def change_network_title(title):
    Page.objects.filter(slug=Page.Slug.NETWORK).update(title_de=title)


def test_anonymous_visitors_get_the_cached_page(client, caching):
    first = client.get("/netzwerk/").content.decode()
    change_network_title("Geänderter Titel")
    assert client.get("/netzwerk/").content.decode() == first
    assert "Geänderter Titel" in client.get("/netzwerk/?neu=1").content.decode()  # another address


def test_logged_in_people_always_get_a_fresh_page(client, caching, user):
    client.get("/netzwerk/")
    client.force_login(user)
    change_network_title("Geänderter Titel")
    assert "Geänderter Titel" in client.get("/netzwerk/").content.decode()


def test_languages_are_cached_apart(client, caching):
    assert '<html lang="de">' in client.get("/netzwerk/").content.decode()
    assert '<html lang="en">' in client.get("/en/netzwerk/").content.decode()


def test_pages_with_a_csrf_token_or_errors_are_not_cached(rf, caching):
    calls = []

    @cache_public_page
    def form_page(request):
        calls.append(1)
        get_token(request)
        return HttpResponse("form")

    @cache_public_page
    def missing(request):
        calls.append(1)
        return HttpResponse("gone", status=404)

    for view in (form_page, form_page, missing, missing):
        view(rf.get("/seite/"))
    assert len(calls) == 4


def test_switched_off_with_zero(client, settings):
    settings.PORTAL_PUBLIC_CACHE_SECONDS = 0
    client.get("/netzwerk/")
    change_network_title("Geänderter Titel")
    assert "Geänderter Titel" in client.get("/netzwerk/").content.decode()
