"""The one place that turns a template into a PDF (WeasyPrint).

Fonts and stylesheets come from the project's static files through a local URL fetcher, so a
render never touches the network and looks the same on every machine.
"""

from pathlib import Path
from urllib.parse import urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
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
    return finders.find(parsed.path[len(settings.STATIC_URL) :])


class StaticFilesFetcher(URLFetcher):
    """Serve the project's static files from disk; refuse everything else (no network in a render)."""

    def fetch(self, url, headers=None):
        found = _static_file(url)
        if not found:
            raise ValueError(f"A PDF may only load the portal's static files, not {url}")
        return super().fetch(Path(found).as_uri(), headers)


def render_pdf(template_name: str, context: dict | None = None, *, language: str | None = None) -> bytes:
    """Render a Django template to a tagged PDF (PDF/UA where WeasyPrint supports it)."""
    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        html = render_to_string(template_name, context or {})
    document = HTML(string=html, base_url="http://portal.invalid/", url_fetcher=StaticFilesFetcher())
    return document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)
