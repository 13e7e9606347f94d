import pytest
from django.core.cache import cache

from tests.factories import MembershipFactory, OrganisationFactory, StaffFactory, UserFactory


@pytest.fixture(autouse=True)
def _isolated_cache():
    # Rate limits and cached fragments live in the cache; every test starts without them.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The production hasher is slow on purpose; tests create many accounts.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _german():
    # reverse() follows the active language, which a request to an /en/ page leaves behind in the thread.
    from django.utils import translation

    with translation.override("de"):
        yield


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # A FileField resolves its storage callable once, when the model is imported: point the fields
    # that use the private storage at this test's folder.
    from django.apps import apps
    from django.core.files.storage import storages
    from django.db.models import FileField

    from portal.storage import private_storage

    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, FileField) and getattr(field, "_storage_callable", None) is private_storage:
                monkeypatch.setattr(field, "storage", storages["private"])


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def organisation(db):
    return OrganisationFactory()


@pytest.fixture
def representative(db, organisation):
    """A user who represents ``organisation``."""
    return MembershipFactory(organisation=organisation).user


@pytest.fixture
def other_representative(db):
    """A user who represents another organisation."""
    return MembershipFactory().user


@pytest.fixture
def staff(db):
    from portal.groups import STAFF_GROUPS

    return StaffFactory(groups=list(STAFF_GROUPS))


@pytest.fixture
def staff_client(client, staff, settings):
    settings.PORTAL_STAFF_REQUIRE_MFA = False
    client.force_login(staff)
    return client
