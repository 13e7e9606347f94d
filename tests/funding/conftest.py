import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Factories hash a password for every user; the tests here create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _german():
    # reverse() follows the active language, which a request to an /en/ page leaves behind in the thread.
    from django.utils import translation

    with translation.override("de"):
        yield
