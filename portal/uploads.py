"""Checks for every upload: size limit and a file type sniffed from the content, not the name."""

from collections.abc import Iterable

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
WEBP = "image/webp"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOC = "application/msword"

DOCUMENT_TYPES = (PDF, JPEG, PNG)
IMAGE_TYPES = (JPEG, PNG, WEBP)

LABELS = {PDF: "PDF", JPEG: "JPEG", PNG: "PNG", WEBP: "WebP", DOCX: "Word (.docx)", DOC: "Word (.doc)"}


def sniff_mime_type(uploaded_file) -> str | None:
    position = uploaded_file.tell() if hasattr(uploaded_file, "tell") else 0
    uploaded_file.seek(0)
    head = uploaded_file.read(8192)
    uploaded_file.seek(position)
    kind = filetype.guess(head)
    if kind is None:
        return None
    if kind.mime == "application/zip" and uploaded_file.name.lower().endswith(".docx"):
        return DOCX  # a .docx is a zip archive; filetype only sometimes tells them apart
    if kind.mime == "application/x-ole-storage":
        return DOC
    return kind.mime


def validate_upload(
    uploaded_file, allowed_types: Iterable[str] = DOCUMENT_TYPES, max_bytes: int | None = None
):
    """Raise a translated ValidationError unless the file is small enough and of an allowed type."""
    allowed_types = tuple(allowed_types)
    limit = max_bytes or settings.PORTAL_MAX_UPLOAD_BYTES
    if uploaded_file.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s). The largest allowed size is %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(uploaded_file.size), "limit": filesizeformat(limit)},
        )
    if uploaded_file.size == 0:
        raise ValidationError(_("The file is empty."), code="file_empty")
    mime = sniff_mime_type(uploaded_file)
    if mime not in allowed_types:
        raise ValidationError(
            _("This type of file is not accepted. Allowed are: %(types)s."),
            code="file_type",
            params={"types": ", ".join(LABELS.get(t, t) for t in allowed_types)},
        )
    return mime


class UploadValidator:
    """A field validator (deconstructible, so it can live in model field definitions)."""

    def __init__(self, allowed_types: Iterable[str] = DOCUMENT_TYPES, max_bytes: int | None = None):
        self.allowed_types = tuple(allowed_types)
        self.max_bytes = max_bytes

    def __call__(self, value):
        if hasattr(value, "size") and getattr(value, "_committed", False) is False:
            validate_upload(value, self.allowed_types, self.max_bytes)

    def __eq__(self, other):
        return (
            isinstance(other, UploadValidator)
            and self.allowed_types == other.allowed_types
            and self.max_bytes == other.max_bytes
        )

    def deconstruct(self):
        return (
            "portal.uploads.UploadValidator",
            [],
            {"allowed_types": self.allowed_types, "max_bytes": self.max_bytes},
        )
