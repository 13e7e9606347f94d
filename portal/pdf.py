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

PDF_VARIANT = "pdf/ua-1"


def _static_path(url: str) -> str | None:
    path = urlparse(url).path
    if not path.startswith(settings.STATIC_URL):
        return None
    return finders.find(path[len(settings.STATIC_URL) :])


def local_url_fetcher(url: str, timeout: int = 10, ssl_context=None):
    """Serve static files from disk; refuse everything else (no network from a PDF render)."""
    from weasyprint.urls import default_url_fetcher

    if url.startswith("file://"):
        local = Path(urlparse(url).path).resolve()
        allowed_roots = [Path(p).resolve() for p in settings.STATICFILES_DIRS]
        if any(local.is_relative_to(root) for root in allowed_roots):
            return default_url_fetcher(url, timeout=timeout, ssl_context=ssl_context)
    found = _static_path(url)
    if found:
        return default_url_fetcher(Path(found).as_uri(), timeout=timeout, ssl_context=ssl_context)
    raise ValueError(f"PDF render may not load {url}")


def render_pdf(template_name: str, context: dict | None = None, *, language: str | None = None) -> bytes:
    """Render a Django template to a tagged PDF (PDF/UA where WeasyPrint supports it)."""
    from weasyprint import HTML

    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        html = render_to_string(template_name, context or {})
    document = HTML(string=html, base_url="http://portal.invalid/", url_fetcher=local_url_fetcher)
    return document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)
