"""The one place that turns a template into a PDF (WeasyPrint).

Fonts and stylesheets come from the project's static files through a local URL fetcher, so a
render never touches the network and looks the same on every machine.
"""

import threading
from pathlib import Path
from urllib.parse import urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

PDF_VARIANT = "pdf/ua-1"


def _static_file(url: str) -> str | None:
    parsed = urlparse(url)
    if parsed.scheme == "file":
        # Relative URLs inside a stylesheet (fonts) resolve against the file it came from.
        local = Path(parsed.path).resolve()
        roots = [Path(root).resolve() for root in (*settings.STATICFILES_DIRS, settings.STATIC_ROOT)]
        return str(local) if local.is_file() and any(local.is_relative_to(root) for root in roots) else None
    if not parsed.path.startswith(settings.STATIC_URL):
        return None
    name = parsed.path[len(settings.STATIC_URL) :]
    # In production {% static %} names the hashed copy that collectstatic wrote to STATIC_ROOT.
    collected = (Path(settings.STATIC_ROOT) / name).resolve()
    if collected.is_file() and collected.is_relative_to(Path(settings.STATIC_ROOT).resolve()):
        return str(collected)
    try:
        return finders.find(name)
    except SuspiciousFileOperation:
        return None


class StaticFilesFetcher(URLFetcher):
    """Serve the project's static files from disk; refuse everything else (no network in a render)."""

    def fetch(self, url, headers=None):
        found = _static_file(url)
        if not found:
            raise ValueError(f"A PDF may only load the portal's static files, not {url}")
        return super().fetch(Path(found).as_uri(), headers)


_local = threading.local()
BASE_URL = "http://portal.invalid/"


def _fonts() -> tuple[FontConfiguration, CSS]:
    """The bundled fonts, loaded once per thread: decoding them is a large part of a render."""
    if not hasattr(_local, "fonts"):
        font_config = FontConfiguration()
        stylesheet = CSS(
            filename=finders.find("css/pdf-fonts.css"),
            base_url=BASE_URL,
            url_fetcher=StaticFilesFetcher(),
            font_config=font_config,
        )
        _local.fonts = (font_config, stylesheet)
    return _local.fonts


def render_pdf(template_name: str, context: dict | None = None, *, language: str | None = None) -> bytes:
    """Render a Django template to a tagged PDF (PDF/UA where WeasyPrint supports it).

    The template's own styles may use font-family "Noto Sans"; the fonts themselves come from here.
    """
    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        html = render_to_string(template_name, context or {})
    font_config, fonts = _fonts()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesFetcher())
    return document.write_pdf(
        stylesheets=[fonts], font_config=font_config, pdf_variant=PDF_VARIANT, pdf_tags=True
    )
