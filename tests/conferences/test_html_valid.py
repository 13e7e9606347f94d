import pytest
from django.urls import reverse

from conferences.models import Conference, Document
from tests.conferences.factories import (
    ConferenceFactory,
    ConferenceMeetingFactory,
    DocumentFactory,
    PhotoFactory,
    past_conference,
    pdf_upload,
)
from tests.html_validator import html_errors

pytestmark = pytest.mark.django_db


def test_conference_pages_are_valid_html(client, staff, settings):
    settings.PORTAL_STAFF_REQUIRE_MFA = False
    held = past_conference(
        2018, programme="1. Begrüßung\n2. **Workshops**\n\n| Zeit | Punkt |\n|---|---|\n| 10:00 | Start |"
    )
    DocumentFactory(conference=held, file=pdf_upload("d.pdf", "Kooperationsbörse im Saal", "Zweite Seite"))
    DocumentFactory(conference=held, title="Sunum", language="tr", kind=Document.Kind.PRESENTATION)
    PhotoFactory(conference=held, caption="")
    PhotoFactory(conference=held)
    past_conference(2017)
    ConferenceFactory(meeting=None, year=2012)
    upcoming = ConferenceFactory(
        meeting=ConferenceMeetingFactory(registration_open=True), status=Conference.Status.ANNOUNCED
    )
    draft = past_conference(2019, status=Conference.Status.DRAFT)
    for year in range(2000, 2011):
        past_conference(year, summary="Elternarbeit im Stadtteil")
    pages = {}
    for prefix in ("", "/en"):
        archive = prefix + reverse("conferences:archive")
        pages[f"{prefix} archive"] = client.get(archive).content.decode()
        pages[f"{prefix} search"] = client.get(archive, {"q": "Kooperationsbörse"}).content.decode()
        pages[f"{prefix} search without results"] = client.get(
            archive, {"q": "Nichtvorhanden"}
        ).content.decode()
        pages[f"{prefix} search with pages"] = client.get(
            archive, {"q": "Elternarbeit", "seite": "2"}
        ).content.decode()
        pages[f"{prefix} search too long"] = client.get(archive, {"q": "x" * 150}).content.decode()
        pages[f"{prefix} held"] = client.get(prefix + held.get_absolute_url()).content.decode()
        pages[f"{prefix} upcoming"] = client.get(prefix + upcoming.get_absolute_url()).content.decode()
        pages[f"{prefix} home"] = client.get(prefix + "/").content.decode()
    client.force_login(staff)
    pages["draft for staff"] = client.get(draft.get_absolute_url()).content.decode()
    pages["archive for staff"] = client.get(reverse("conferences:archive")).content.decode()
    errors = html_errors(pages)
    assert not errors, "\n".join(errors)
