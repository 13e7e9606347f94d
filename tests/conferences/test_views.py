from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conferences.models import Conference, Document
from meetings.models import Meeting
from portal.storage import private_storage
from tests.conferences.factories import (
    ConferenceFactory,
    ConferenceMeetingFactory,
    DocumentFactory,
    PhotoFactory,
    past_conference,
    pdf_upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def roles(client, representative, other_representative, staff, settings):
    settings.PORTAL_STAFF_REQUIRE_MFA = False

    def as_role(role):
        client.logout()
        if role != "anonymous":
            client.force_login(
                {"representative": representative, "other": other_representative}.get(role, staff)
            )
        return client

    return as_role


ROLES = ["anonymous", "representative", "other", "staff"]


@pytest.mark.parametrize("role", ROLES)
def test_public_pages_for_every_role(roles, role):
    conference = past_conference(2018)
    document = DocumentFactory(conference=conference)
    photo = PhotoFactory(conference=conference)
    client = roles(role)
    assert client.get(reverse("conferences:archive")).status_code == 200
    assert client.get(conference.get_absolute_url()).status_code == 200
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "public" in response["Cache-Control"]
    response = client.get(photo.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"


@pytest.mark.parametrize(
    "role, status", [("anonymous", 404), ("representative", 404), ("other", 404), ("staff", 200)]
)
def test_drafts_are_not_public(roles, role, status):
    draft = past_conference(2019, title="Entwurf der Tagung", status=Conference.Status.DRAFT)
    document = DocumentFactory(conference=draft)
    photo = PhotoFactory(conference=draft)
    client = roles(role)
    assert client.get(draft.get_absolute_url()).status_code == status
    assert client.get(document.get_absolute_url()).status_code == status
    assert client.get(photo.get_absolute_url()).status_code == status
    archive = client.get(reverse("conferences:archive")).content.decode()
    assert ("Entwurf der Tagung" in archive) is (status == 200)


def test_files_are_private_and_served_only_through_the_views(client, settings, staff):
    settings.PORTAL_STAFF_REQUIRE_MFA = False
    draft = past_conference(2019, status=Conference.Status.DRAFT)
    public = past_conference(2018)
    files = []
    for conference in (draft, public):
        document = DocumentFactory(conference=conference)
        photo = PhotoFactory(conference=conference)
        files += [(document, document.file), (photo, photo.image)]
    media_root = settings.MEDIA_ROOT
    for item, field_file in files:
        assert type(item)._meta.get_field(field_file.field.name)._storage_callable is private_storage
        assert not (media_root / field_file.name).exists()
        assert client.get(f"/media/{field_file.name}").status_code == 404
    page = client.get(public.get_absolute_url()).content.decode()
    for item, field_file in files[2:]:
        assert item.get_absolute_url() in page
        assert field_file.name not in page
    draft_document = files[0][0]
    client.force_login(staff)
    response = client.get(draft_document.get_absolute_url())
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    # The admin links a stored file to its view, never to a media address.
    admin_page = client.get(reverse("admin:conferences_conference_change", args=[draft.pk])).content.decode()
    assert f'href="{draft_document.get_absolute_url()}"' in admin_page
    assert f'href="{files[1][0].get_absolute_url()}"' in admin_page
    assert "/media/" not in admin_page


def test_wrong_addresses_are_404(client):
    conference = past_conference(2018, slug="vernetzung")
    document = DocumentFactory(conference=conference)
    other = past_conference(2017, slug="andere")
    assert client.get("/fachtagungen/2017-vernetzung/").status_code == 404
    assert client.get("/fachtagungen/2018-gibt-es-nicht/").status_code == 404
    url = reverse("conferences:document", kwargs={"year": 2017, "slug": "andere", "pk": document.pk})
    assert client.get(url).status_code == 404
    assert other.pk


def test_archive_is_by_year_newest_first(client):
    for year in (2015, 2018, 2017):
        past_conference(year, title=f"Tagung {year}")
    ConferenceFactory(meeting=None, year=2012, title="Tagung ohne Termin")
    response = client.get(reverse("conferences:archive"))
    assert [year for year, _ in response.context["years"]] == [2018, 2017, 2015, 2012]
    content = response.content.decode()
    positions = [content.index(f"Tagung {year}") for year in (2018, 2017, 2015)]
    assert positions == sorted(positions)
    assert "Tagung ohne Termin" in content


def test_conference_page_shows_programme_documents_and_photos(client):
    conference = past_conference(2018, programme="- **09:30** Ankommen\n- **10:00** Kennenlernen")
    document = DocumentFactory(
        conference=conference, file=pdf_upload("doku.pdf", *[f"Seite {n}" for n in range(24)])
    )
    Document.objects.filter(pk=document.pk).update(size=1_258_291)
    DocumentFactory(conference=conference, title="Sunum", language="tr", kind=Document.Kind.PRESENTATION)
    PhotoFactory(conference=conference, alt_text="Stellwände mit Karten", caption="Kooperationsbörse")
    content = client.get(conference.get_absolute_url()).content.decode()
    assert "<strong>09:30</strong> Ankommen" in content
    assert "Dokumentation (PDF, 1,2\xa0MB, 24 Seiten)" in content
    assert 'hreflang="tr"' in content and "Sunum (PDF," in content and "1 Seite, Türkisch)" in content
    assert 'alt="Stellwände mit Karten"' in content
    assert "<figcaption" in content and "Kooperationsbörse" in content
    english = client.get("/en" + conference.get_absolute_url()).content.decode()
    assert "Dokumentation (PDF, 1.2\xa0MB, 24 pages, German)" in english


def test_next_conference_with_registration_on_archive_and_home(client):
    past_conference(2018, title="Vergangene Tagung")
    meeting = ConferenceMeetingFactory(registration_open=True)
    upcoming = ConferenceFactory(
        meeting=meeting, title="Die nächste Tagung", status=Conference.Status.ANNOUNCED
    )
    for url in (reverse("conferences:archive"), reverse("portal:home")):
        content = client.get(url).content.decode()
        assert "Nächste Fachtagung" in content
        assert upcoming.get_absolute_url() in content
        assert f'href="{meeting.get_absolute_url()}"' in content
        assert "Zur Fachtagung anmelden" in content
    page = client.get(upcoming.get_absolute_url()).content.decode()
    assert f'href="{meeting.get_absolute_url()}"' in page


def test_closed_registration_and_cancelled_conference(client):
    meeting = ConferenceMeetingFactory(registration_open=False)
    conference = ConferenceFactory(meeting=meeting, status=Conference.Status.ANNOUNCED)
    content = client.get(reverse("conferences:archive")).content.decode()
    assert "Die Anmeldung ist zurzeit nicht geöffnet." in content
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CANCELLED)
    content = client.get(conference.get_absolute_url()).content.decode()
    assert "Diese Fachtagung wurde abgesagt." in content


def test_home_without_upcoming_conference_links_the_latest_documentation(client):
    past_conference(2017, title="Ältere Tagung")
    latest = past_conference(2018, title="Neueste Tagung")
    start = timezone.now() - timedelta(days=3)
    ConferenceFactory(
        meeting=ConferenceMeetingFactory(start=start, end=start + timedelta(hours=2)),
        status=Conference.Status.ANNOUNCED,
        title="Gerade vorbei",
    )
    content = client.get(reverse("portal:home")).content.decode()
    assert "Nächste Fachtagung" not in content
    assert latest.get_absolute_url() in content and "Ältere Tagung" not in content


def test_word_documents_are_downloaded(client, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from conferences import services

    conference = past_conference(2018)
    docx = SimpleUploadedFile("protokoll.docx", _minimal_docx())
    document = services.save_document(
        Document(conference=conference, title="Protokoll", kind="minutes", file=docx), None
    )
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="protokoll.docx"')
    content = client.get(conference.get_absolute_url()).content.decode()
    assert "Protokoll (Word (.docx)," in content


def _minimal_docx() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", '<?xml version="1.0"?><document/>')
    return buffer.getvalue()


def test_conference_page_query_count_does_not_grow(client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    conference = past_conference(2018)
    DocumentFactory(conference=conference)
    PhotoFactory(conference=conference)
    with CaptureQueriesContext(connection) as small:
        client.get(conference.get_absolute_url())
    for _ in range(6):
        DocumentFactory(conference=conference)
        PhotoFactory(conference=conference)
    with django_assert_max_num_queries(len(small)):
        response = client.get(conference.get_absolute_url())
    assert response.content.decode().count("/dokumente/") == 7
