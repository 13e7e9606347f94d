"""What the portal learns from an uploaded conference file: type, size, pages and the text of a PDF."""

import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from portal.uploads import PDF, sniff_mime_type

logger = logging.getLogger(__name__)

# Enough for the documentation of a whole conference; the rest of a huge file is not searched.
MAX_TEXT_CHARS = 500_000


@dataclass
class FileFacts:
    mime_type: str
    size: int
    page_count: int | None = None
    text: str = ""


def _reader(uploaded_file) -> PdfReader:
    uploaded_file.seek(0)
    reader = PdfReader(uploaded_file)
    if reader.is_encrypted and not reader.decrypt(""):
        raise ValidationError(
            _("This PDF is protected by a password. Upload it without the protection."), code="pdf_encrypted"
        )
    return reader


def check_pdf(uploaded_file) -> None:
    """Refuse a file that claims to be a PDF but cannot be read."""
    try:
        len(_reader(uploaded_file).pages)
    except (PyPdfError, ValueError, OSError) as error:
        raise ValidationError(_("This PDF cannot be read. Is it damaged?"), code="pdf_unreadable") from error
    finally:
        uploaded_file.seek(0)


def inspect(uploaded_file) -> FileFacts:
    """Facts about a file whose type and size have been validated already."""
    facts = FileFacts(mime_type=sniff_mime_type(uploaded_file) or "", size=uploaded_file.size)
    if facts.mime_type != PDF:
        return facts
    try:
        reader = _reader(uploaded_file)
        facts.page_count = len(reader.pages)
        parts, length = [], 0
        for page in reader.pages:
            text = page.extract_text() or ""
            parts.append(text)
            length += len(text)
            if length >= MAX_TEXT_CHARS:
                break
        facts.text = "\n".join(parts)[:MAX_TEXT_CHARS].replace("\x00", "")
        facts.text = facts.text.replace("\ue000", "").replace("\ue001", "")
    except (PyPdfError, ValidationError, ValueError, OSError, KeyError, TypeError):
        # The file is still published; it is only not found by the full-text search.
        logger.warning(
            "Could not read the text of %s", getattr(uploaded_file, "name", "a PDF"), exc_info=True
        )
    finally:
        uploaded_file.seek(0)
    return facts
