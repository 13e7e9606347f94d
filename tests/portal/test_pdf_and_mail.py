import io

import pytest
from django.core import mail
from pypdf import PdfReader

from portal.mail import send_mail_on_commit
from portal.pdf import render_pdf

DOCUMENT = """{% load static %}<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>Testdokument</title>
<style>body { font-family: "Noto Sans"; }
@page { @bottom-center { content: "Seite " counter(page); } }</style>
</head><body><h1>{{ heading }}</h1><p>Größe, Übung, Straße – Ąę Жж Ωω</p>
<p style="break-before: page">Zweite Seite</p></body></html>"""


@pytest.fixture
def pdf_template(settings, tmp_path):
    folder = tmp_path / "templates"
    (folder / "pdftest").mkdir(parents=True)
    (folder / "pdftest" / "document.html").write_text(DOCUMENT, encoding="utf-8")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [folder, *settings.TEMPLATES[0]["DIRS"]]}]
    return "pdftest/document.html"


def test_render_pdf_with_bundled_fonts(pdf_template):
    pdf = render_pdf(pdf_template, {"heading": "Antrag MSO-2026-0001"})
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2
    text = reader.pages[0].extract_text()
    assert "Antrag MSO-2026-0001" in text
    assert "Größe" in text and "Жж" in text
    assert "Seite 1" in text
    fonts = {str(font["/BaseFont"]) for page in reader.pages for font in page["/Resources"]["/Font"].values()}
    assert any("Noto-Sans" in name for name in fonts), fonts
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged PDF


def test_render_pdf_refuses_to_fetch_from_the_network(settings, tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "remote.html").write_text('<img src="https://example.org/tracker.png" alt="x"><p>Text</p>')
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [folder]}]
    pdf = render_pdf("remote.html")  # the image is skipped, the document still renders
    assert "Text" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


@pytest.mark.django_db
def test_mail_is_sent_only_after_commit(django_capture_on_commit_callbacks):
    from portal.models import BarrierReport

    report = BarrierReport.objects.create(description="Test")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send_mail_on_commit(
            "portal/mail/barrier_report",
            {"report": report},
            ["a@example.org"],
            attachments=[("a.pdf", b"%PDF", "application/pdf")],
        )
    assert len(mail.outbox) == 0
    callbacks[0]()
    message = mail.outbox[0]
    assert message.to == ["a@example.org"]
    assert message.attachments[0][0] == "a.pdf"
    assert message.alternatives[0][1] == "text/html"


@pytest.mark.django_db
def test_mail_in_the_recipients_language(django_capture_on_commit_callbacks):
    from portal.models import BarrierReport

    report = BarrierReport.objects.create(description="Test")
    with django_capture_on_commit_callbacks(execute=True):
        send_mail_on_commit(
            "portal/mail/barrier_report", {"report": report}, ["a@example.org"], language="en"
        )
        send_mail_on_commit(
            "portal/mail/barrier_report", {"report": report}, ["b@example.org"], language="de"
        )
    assert mail.outbox[0].subject.startswith("New barrier report")
    assert mail.outbox[1].subject.startswith("Neue Barriere-Meldung")


def test_pdf_finds_the_hashed_static_files_of_production(settings, tmp_path):
    """Manifest storage renames files (pdf.css -> pdf.1a2b3c.css); PDFs must still load them."""
    from portal.pdf import StaticFilesFetcher

    settings.STATIC_ROOT = tmp_path
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "pdf.1a2b3c.css").write_text("h1 { color: red }")
    response = StaticFilesFetcher().fetch("http://portal.invalid/static/css/pdf.1a2b3c.css")
    assert b"color: red" in response.read()
    with pytest.raises(ValueError):
        StaticFilesFetcher().fetch("http://portal.invalid/static/../../etc/passwd")
