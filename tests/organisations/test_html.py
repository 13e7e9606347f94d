import pytest

from tests.factories import MembershipFactory
from tests.html_validator import html_errors
from tests.organisations.factories import DirectoryOrganisationFactory, category

pytestmark = pytest.mark.django_db


def test_directory_pages_are_valid_html(client, user):
    organisation = DirectoryOrganisationFactory(
        name="Verein & Freunde",
        offers=[category("kultur")],
        languages=["tr"],
        origins=["TR"],
        district="mitte",
        email="a@example.org",
        phone="0521 1",
        website="https://example.org/",
        street="Weg 1",
        postal_code="33602",
        activities="Absatz eins.\n\nAbsatz zwei.",
        founded_year=1999,
    )
    pages = {}
    for prefix in ("", "/en"):
        pages[f"{prefix}/vereine/"] = client.get(f"{prefix}/vereine/").content.decode()
        pages[f"{prefix}/vereine/?q=x"] = client.get(
            f"{prefix}/vereine/", {"q": "x", "sprache": "zz"}
        ).content.decode()
        pages[f"{prefix}/vereine/slug/"] = client.get(
            prefix + organisation.get_absolute_url()
        ).content.decode()
    client.force_login(user)
    pages["propose"] = client.get("/vereine/eintragen/").content.decode()
    pages["propose with errors"] = client.post("/vereine/eintragen/", {"name": ""}).content.decode()
    pages["request"] = client.get(f"/vereine/{organisation.slug}/vertreten/").content.decode()
    MembershipFactory(user=user, organisation=organisation)
    pages["edit"] = client.get(f"/vereine/{organisation.slug}/bearbeiten/").content.decode()
    pages["dashboard"] = client.get("/mein-bereich/").content.decode()
    errors = html_errors(pages)
    assert not errors, "\n".join(errors)
