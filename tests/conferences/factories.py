import io
from datetime import timedelta

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from conferences.models import CONFERENCE_NETWORK_SLUG, Conference, Document, Photo
from meetings.models import Network
from tests.meetings.factories import MeetingFactory


def pdf_bytes(*pages: str) -> bytes:
    """A small valid PDF with one page per text (Helvetica), readable by pypdf."""
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        None,
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    kids = []
    for text in pages or ("",):
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        stream = f"BT /F1 12 Tf 72 720 Td ({escaped}) Tj ET".encode("latin-1")
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream.decode('latin-1')}\nendstream")
        content_number = len(objects)
        objects.append(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {content_number} 0 R >>"
        )
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    output = io.BytesIO()
    output.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(output.tell())
        output.write(f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = output.tell()
    output.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        output.write(f"{offset:010d} 00000 n \n".encode())
    output.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return output.getvalue()


def pdf_upload(name="dokumentation.pdf", *pages: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(*pages), content_type="application/pdf")


def png_bytes(size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, format="PNG")
    return buffer.getvalue()


def png_upload(name="foto.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


class ConferenceNetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network
        django_get_or_create = ["slug"]

    name = "Fachtagung"
    slug = CONFERENCE_NETWORK_SLUG


def _start(days):
    now = timezone.localtime()
    return now.replace(hour=10, minute=0, second=0, microsecond=0) + timedelta(days=days)


class ConferenceMeetingFactory(MeetingFactory):
    network = factory.SubFactory(ConferenceNetworkFactory)
    title = factory.Sequence(lambda n: f"Fachtagung {n}")
    start = factory.Sequence(lambda n: _start(60 + n))
    end = factory.LazyAttribute(lambda m: m.start + timedelta(hours=6))


class ConferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conference

    title = factory.Sequence(lambda n: f"Vernetzung von Migrantenorganisationen {n}")
    meeting = factory.SubFactory(ConferenceMeetingFactory)
    year = factory.LazyAttribute(lambda c: timezone.localtime(c.meeting.start).year if c.meeting else 2018)
    slug = factory.Sequence(lambda n: f"fachtagung-{n}")
    summary = "Migrantenorganisationen und Regeldienste lernen sich kennen."
    programme = "- **10:00** Begrüßung\n- **11:00** Workshops"
    status = Conference.Status.HELD

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from conferences import services

        return services.save_conference(model_class(*args, **kwargs), None)


def past_conference(year: int, **kwargs) -> Conference:
    start = timezone.make_aware(timezone.datetime(year, 5, 4, 9, 30))
    meeting = ConferenceMeetingFactory(start=start, end=start + timedelta(hours=6))
    return ConferenceFactory(meeting=meeting, year=year, **kwargs)


class DocumentFactory(factory.django.DjangoModelFactory):
    """A document saved through the service, so type, size, pages and text are filled in."""

    class Meta:
        model = Document

    conference = factory.SubFactory(ConferenceFactory)
    title = "Dokumentation"
    kind = Document.Kind.DOCUMENTATION
    language = "de"
    file = factory.LazyFunction(lambda: pdf_upload("dokumentation.pdf", "Ergebnisse der Tagung"))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from conferences import services

        return services.save_document(model_class(*args, **kwargs), None)


class PhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Photo

    conference = factory.SubFactory(ConferenceFactory)
    image = factory.LazyFunction(png_upload)
    alt_text = "Teilnehmende an runden Tischen im Gespräch"
    caption = "Workshops am Vormittag"
