import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conferences import queries
from conferences.models import Conference, Document, Photo
from portal.groups import EDITORIAL, FUNDING_CASEWORK
from tests.conferences.factories import (
    ConferenceFactory,
    ConferenceMeetingFactory,
    DocumentFactory,
    past_conference,
    pdf_upload,
    png_upload,
)
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def _inline_management(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _conference_data(for_meeting, **overrides):
    data = {
        "title": "Vernetzung im Quartier",
        "subtitle": "",
        "year": str(for_meeting.start.year),
        "slug": "vernetzung-im-quartier",
        "status": Conference.Status.ANNOUNCED,
        "meeting": str(for_meeting.pk),
        "venue": "",
        "summary": "Vereine und Regeldienste lernen sich kennen.",
        "programme": "- **10:00** Begrüßung",
        **_inline_management("documents"),
        **_inline_management("photos"),
    }
    data.update(overrides)
    return data


@pytest.fixture
def editor_client(client, settings):
    settings.PORTAL_STAFF_REQUIRE_MFA = False
    client.force_login(StaffFactory(groups=[EDITORIAL]))
    return client


def test_admin_pages_open(editor_client):
    conference = past_conference(2018)
    DocumentFactory(conference=conference)
    assert editor_client.get(reverse("admin:conferences_conference_changelist")).status_code == 200
    assert editor_client.get(reverse("admin:conferences_conference_add")).status_code == 200
    response = editor_client.get(reverse("admin:conferences_conference_change", args=[conference.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert reverse("admin:conferences_conference_upload", args=[conference.pk]) in content
    assert re.search(r"PDF, \d+\xa0Bytes, 1 Seite", content)  # type, size and pages in the inline
    response = editor_client.get(reverse("admin:conferences_conference_changelist"), {"q": "Vernetzung"})
    assert response.status_code == 200


def test_staff_creates_a_conference_with_a_document_and_a_photo(editor_client):
    meeting = ConferenceMeetingFactory()
    data = _conference_data(
        meeting,
        **{
            **_inline_management("documents", total=1),
            **_inline_management("photos", total=1),
            "documents-0-title": "Programm",
            "documents-0-kind": "programme",
            "documents-0-language": "de",
            "documents-0-position": "0",
            "documents-0-file": pdf_upload("programm.pdf", "Willkommen zum Marktplatz der Kooperationen"),
            "photos-0-position": "0",
            "photos-0-image": png_upload(),
            "photos-0-alt_text": "Teilnehmende im Saal",
            "photos-0-caption": "",
        },
    )
    response = editor_client.post(reverse("admin:conferences_conference_add"), data)
    assert response.status_code == 302, (
        [f.formset.errors for f in response.context["inline_admin_formsets"]]
        if response.context
        else response
    )
    conference = Conference.objects.get(slug="vernetzung-im-quartier")
    document = conference.documents.get()
    assert document.page_count == 1 and document.mime_type == "application/pdf"
    assert conference.photos.get().alt_text == "Teilnehmende im Saal"
    assert [c.pk for c in queries.search("Marktplatz").conferences] == [conference.pk]
    assert conference.history.count() == 1


def test_photo_without_alt_text_is_refused_in_the_admin(editor_client):
    meeting = ConferenceMeetingFactory()
    data = _conference_data(
        meeting,
        **{
            **_inline_management("photos", total=1),
            "photos-0-position": "0",
            "photos-0-image": png_upload(),
            "photos-0-alt_text": "",
            "photos-0-caption": "x",
        },
    )
    response = editor_client.post(reverse("admin:conferences_conference_add"), data)
    assert response.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    assert not Conference.objects.exists() and not Photo.objects.exists()


def test_wrong_file_in_the_inline_is_refused(editor_client):
    meeting = ConferenceMeetingFactory()
    data = _conference_data(
        meeting,
        **{
            **_inline_management("documents", total=1),
            "documents-0-title": "Virus",
            "documents-0-kind": "presentation",
            "documents-0-language": "de",
            "documents-0-position": "0",
            "documents-0-file": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00" + b"\x00" * 300),
        },
    )
    response = editor_client.post(reverse("admin:conferences_conference_add"), data)
    assert response.status_code == 200
    assert "Diese Dateiart wird nicht angenommen" in response.content.decode()
    assert not Document.objects.exists()


def test_year_must_match_the_meeting_and_announced_needs_a_meeting(editor_client):
    meeting = ConferenceMeetingFactory()
    data = _conference_data(meeting, year=str(meeting.start.year + 1))
    response = editor_client.post(reverse("admin:conferences_conference_add"), data)
    assert "Das Jahr muss das Jahr des Termins sein." in response.content.decode()
    data = _conference_data(meeting, meeting="")
    response = editor_client.post(reverse("admin:conferences_conference_add"), data)
    assert "Eine angekündigte Fachtagung braucht ihren Termin" in response.content.decode()
    assert not Conference.objects.exists()


def test_reordering_documents_in_the_admin(editor_client):
    conference = past_conference(2018)
    first = DocumentFactory(conference=conference, title="Erstes")
    second = DocumentFactory(conference=conference, title="Zweites")
    data = _conference_data(
        conference.meeting,
        title=conference.title,
        slug=conference.slug,
        year=str(conference.year),
        status=Conference.Status.HELD,
        **_inline_management("documents", total=2, initial=2),
    )
    for index, (document, position) in enumerate([(first, 20), (second, 10)]):
        data.update(
            {
                f"documents-{index}-id": str(document.pk),
                f"documents-{index}-conference": str(conference.pk),
                f"documents-{index}-title": document.title,
                f"documents-{index}-kind": document.kind,
                f"documents-{index}-language": "de",
                f"documents-{index}-position": str(position),
            }
        )
    response = editor_client.post(reverse("admin:conferences_conference_change", args=[conference.pk]), data)
    assert response.status_code == 302, [f.formset.errors for f in response.context["inline_admin_formsets"]]
    assert list(conference.documents.values_list("title", flat=True)) == ["Zweites", "Erstes"]
    page = editor_client.get(conference.get_absolute_url()).content.decode()
    assert page.index("Zweites (PDF") < page.index("Erstes (PDF")


def test_several_documents_at_once(editor_client):
    conference = past_conference(2018)
    DocumentFactory(conference=conference, title="Dokumentation")
    url = reverse("admin:conferences_conference_upload", args=[conference.pk])
    assert editor_client.get(url).status_code == 200
    files = [
        pdf_upload("01_vortrag-kooperation.pdf", "Vortrag über Lernpatenschaften"),
        pdf_upload("02_vortrag-gesundheit.pdf", "Gesundheitslotsinnen"),
        png_upload("03_plakat.png"),
    ]
    response = editor_client.post(url, {"files": files, "kind": "presentation", "language": "de"})
    assert response.status_code == 302
    titles = list(conference.documents.values_list("title", flat=True))
    assert titles == ["Dokumentation", "01 vortrag kooperation", "02 vortrag gesundheit", "03 plakat"]
    assert conference.documents.filter(kind="presentation").count() == 3
    assert [c.pk for c in queries.search("Lernpatenschaften").conferences] == [conference.pk]


def test_several_documents_one_bad_adds_none(editor_client):
    conference = past_conference(2018)
    url = reverse("admin:conferences_conference_upload", args=[conference.pk])
    files = [pdf_upload("gut.pdf", "Gut"), SimpleUploadedFile("boese.pdf", b"<html>nein</html>" * 10)]
    response = editor_client.post(url, {"files": files, "kind": "presentation", "language": "de"})
    assert response.status_code == 200
    assert "boese.pdf: Diese Dateiart wird nicht angenommen" in response.content.decode()
    assert not conference.documents.exists()
    response = editor_client.post(url, {"kind": "presentation", "language": "de"})
    assert "Wählen Sie mindestens eine Datei aus." in response.content.decode()


def test_upload_view_needs_the_permission(client, representative, settings):
    settings.PORTAL_STAFF_REQUIRE_MFA = False
    conference = ConferenceFactory()
    url = reverse("admin:conferences_conference_upload", args=[conference.pk])
    assert client.get(url).status_code == 302
    client.force_login(representative)
    assert client.get(url).status_code == 302
    client.force_login(StaffFactory(groups=[FUNDING_CASEWORK]))
    assert client.get(url).status_code == 403
    files = [pdf_upload("x.pdf", "x")]
    assert client.post(url, {"files": files, "kind": "presentation", "language": "de"}).status_code == 403
    assert not conference.documents.exists()
