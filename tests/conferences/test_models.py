import importlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils.datastructures import MultiValueDict

from conferences import services
from conferences.forms import DocumentAdminForm, DocumentUploadForm
from conferences.models import MAX_DOCUMENT_BYTES, Conference, Document, Photo
from tests.conferences.factories import (
    ConferenceFactory,
    DocumentFactory,
    PhotoFactory,
    pdf_bytes,
    pdf_upload,
    png_upload,
)

pytestmark = pytest.mark.django_db


def test_uploaded_pdf_is_inspected():
    document = DocumentFactory(file=pdf_upload("doku.pdf", "Erste Seite", "Zweite Seite", "Dritte Seite"))
    document.refresh_from_db()
    assert document.mime_type == "application/pdf"
    assert document.type_label == "PDF"
    assert document.page_count == 3
    assert document.size == document.file.size > 0
    assert "Zweite Seite" in document.text
    assert document.file.storage.exists(document.file.name)
    assert document.file.name.startswith(f"conferences/{document.conference.year}/")


def test_new_documents_are_appended_in_order():
    conference = ConferenceFactory()
    first = DocumentFactory(conference=conference, title="Programm")
    second = DocumentFactory(conference=conference, title="Dokumentation")
    assert first.position < second.position
    assert list(conference.documents.values_list("title", flat=True)) == ["Programm", "Dokumentation"]


def _document_form(conference, upload):
    return DocumentAdminForm(
        data={"title": "Vortrag", "kind": "presentation", "language": "de", "position": 0},
        files={"file": upload},
        instance=Document(conference=conference),
    )


def test_document_of_a_wrong_type_is_refused():
    conference = ConferenceFactory()
    disguised = SimpleUploadedFile("vortrag.pdf", b"#!/bin/sh\necho this is no PDF\n" * 20)
    form = _document_form(conference, disguised)
    assert not form.is_valid()
    assert "Diese Dateiart wird nicht angenommen" in str(form.errors["file"])
    html = SimpleUploadedFile("seite.pdf", b"<!DOCTYPE html><html><body>hi</body></html>")
    assert not _document_form(conference, html).is_valid()


def test_oversized_document_is_refused():
    conference = ConferenceFactory()
    content = pdf_bytes("Groß")
    big = SimpleUploadedFile("gross.pdf", content + b"0" * (MAX_DOCUMENT_BYTES + 1 - len(content)))
    form = _document_form(conference, big)
    assert not form.is_valid()
    assert "Die Datei ist zu groß" in str(form.errors["file"])


def test_damaged_pdf_is_refused():
    form = _document_form(
        ConferenceFactory(), SimpleUploadedFile("kaputt.pdf", b"%PDF-1.4\n" + b"\x00" * 500)
    )
    assert not form.is_valid()
    assert "kann nicht gelesen werden" in str(form.errors["file"])


def test_word_and_image_documents_are_accepted():
    conference = ConferenceFactory()
    assert _document_form(conference, png_upload("plakat.png")).is_valid()
    form = _document_form(conference, pdf_upload("programm.pdf", "Programm"))
    assert form.is_valid(), form.errors


def test_upload_form_takes_several_files_and_names_each_bad_one():
    files = [pdf_upload("vortrag_eins.pdf", "Eins"), SimpleUploadedFile("notiz.pdf", b"plain text " * 50)]
    form = DocumentUploadForm(
        data={"kind": "presentation", "language": "de"}, files=MultiValueDict({"files": files})
    )
    assert not form.is_valid()
    assert "notiz.pdf" in str(form.errors["files"])
    assert "vortrag_eins.pdf" not in str(form.errors["files"])


def test_add_documents_takes_titles_from_file_names():
    conference = ConferenceFactory()
    DocumentFactory(conference=conference, title="Programm")
    created = services.add_documents(
        conference,
        [pdf_upload("vortrag_frau-demir.pdf", "Eins"), pdf_upload("workshop-ergebnisse.pdf", "Zwei")],
        kind=Document.Kind.PRESENTATION,
        language="tr",
        user=None,
    )
    assert [d.title for d in created] == ["vortrag frau demir", "workshop ergebnisse"]
    titles = list(conference.documents.values_list("title", flat=True))
    assert titles == ["Programm", "vortrag frau demir", "workshop ergebnisse"]
    assert {d.language for d in created} == {"tr"}


def test_photo_without_alt_text_is_refused():
    conference = ConferenceFactory()
    photo = Photo(conference=conference, image=png_upload(), alt_text="  ")
    with pytest.raises(ValidationError) as error:
        photo.full_clean()
    assert "alt_text" in error.value.message_dict or "__all__" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Photo.objects.create(conference=conference, image=png_upload(), alt_text="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Photo.objects.create(conference=conference, image=png_upload(), alt_text=" \n ")


def test_photo_stores_its_size():
    photo = PhotoFactory()
    assert (photo.width, photo.height) == (40, 30)


def test_photo_must_be_an_image():
    photo = Photo(
        conference=ConferenceFactory(),
        image=SimpleUploadedFile("foto.jpg", pdf_bytes("kein Bild")),
        alt_text="Ein Foto",
    )
    with pytest.raises(ValidationError) as error:
        photo.full_clean()
    assert "image" in error.value.message_dict


def test_announced_conference_needs_a_meeting():
    with pytest.raises(IntegrityError), transaction.atomic():
        ConferenceFactory(meeting=None, year=2030, status=Conference.Status.ANNOUNCED)
    assert ConferenceFactory(meeting=None, year=2014, status=Conference.Status.HELD).pk


def test_slug_is_unique_within_a_year():
    conference = ConferenceFactory(slug="vernetzung")
    with pytest.raises(IntegrityError), transaction.atomic():
        ConferenceFactory(slug="vernetzung", year=conference.year, meeting=None)
    assert ConferenceFactory(slug="vernetzung", year=conference.year - 1, meeting=None).pk


def test_migration_moves_files_uploaded_to_the_public_media_into_the_private_storage():
    from django.apps import apps
    from django.core.files.storage import default_storage

    from tests.conferences.factories import DocumentFactory

    migration = importlib.import_module("conferences.migrations.0002_files_in_private_storage")
    document = DocumentFactory()
    name, storage = document.file.name, document.file.storage
    with storage.open(name, "rb") as private_file:
        default_storage.save(name, private_file)
    storage.delete(name)
    migration.move_to_private_storage(apps, None)
    assert not default_storage.exists(name)
    document.refresh_from_db()
    assert document.file.name == name and storage.exists(name)
