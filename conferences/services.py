"""Writes to the conference archive: every change of a conference or its files refreshes its search index."""

from pathlib import Path

from django.contrib.postgres.search import SearchVector
from django.db import transaction
from django.db.models import Max, TextField, Value

from conferences import files
from conferences.models import Conference, Document, Photo

SEARCH_CONFIG = "german"


def _vector(text: str, weight: str):
    return SearchVector(Value(text, output_field=TextField()), config=SEARCH_CONFIG, weight=weight)


def document_vector():
    """A document's own index (title and PDF text), computed in the database from its columns."""
    return SearchVector("title", config=SEARCH_CONFIG, weight="A") + SearchVector(
        "text", config=SEARCH_CONFIG, weight="D"
    )


def refresh_search_vector(conference: Conference) -> None:
    """Index the titles, subtitle and summary (weighted higher), the programme and the text of the PDFs."""
    documents = list(conference.documents.values_list("title", "text"))
    vector = (
        _vector(conference.title, "A")
        + _vector(conference.subtitle, "B")
        + _vector(" ".join(title for title, _ in documents), "B")
        + _vector(conference.summary, "B")
        + _vector(conference.programme, "C")
        + _vector("\n".join(text for _, text in documents), "D")
    )
    Conference.objects.filter(pk=conference.pk).update(search_vector=vector)


def save_conference(conference: Conference, user) -> Conference:
    with transaction.atomic():
        conference.save()
        refresh_search_vector(conference)
    return conference


def _next_position(conference: Conference) -> int:
    last = conference.documents.aggregate(last=Max("position"))["last"]
    return 0 if last is None else last + 10


def save_document(document: Document, user, *, refresh: bool = True) -> Document:
    """Save a document; a newly uploaded file is inspected (type, size, pages, text of a PDF)."""
    with transaction.atomic():
        if document.file and not getattr(document.file, "_committed", True):
            facts = files.inspect(document.file.file)
            document.mime_type = facts.mime_type
            document.size = facts.size
            document.page_count = facts.page_count
            document.text = facts.text
        if document.pk is None and not document.position:
            document.position = _next_position(document.conference)
        document.save()
        Document.objects.filter(pk=document.pk).update(search_vector=document_vector())
        if refresh:
            refresh_search_vector(document.conference)
    return document


def title_from_filename(name: str) -> str:
    stem = Path(name).stem.replace("_", " ").replace("-", " ")
    return " ".join(stem.split())[:300] or name[:300]


def add_documents(
    conference: Conference, uploaded_files, *, kind: str, language: str, user
) -> list[Document]:
    """Create one document per file, in the order given, after the existing ones."""
    created = []
    with transaction.atomic():
        position = _next_position(conference)
        for uploaded in uploaded_files:
            document = Document(
                conference=conference,
                title=title_from_filename(uploaded.name),
                kind=kind,
                language=language,
                file=uploaded,
                position=position,
            )
            save_document(document, user, refresh=False)
            created.append(document)
            position += 10
        refresh_search_vector(conference)
    return created


def delete_document(document: Document, user) -> None:
    conference = document.conference
    with transaction.atomic():
        file = document.file
        document.delete()
        refresh_search_vector(conference)
        if file:
            transaction.on_commit(lambda: file.storage.delete(file.name))


def save_photo(photo: Photo, user) -> Photo:
    with transaction.atomic():
        if photo.pk is None and not photo.position:
            last = photo.conference.photos.aggregate(last=Max("position"))["last"]
            photo.position = 0 if last is None else last + 10
        photo.save()
    return photo
