"""A short-lived cache of public pages for anonymous visitors.

Most visitors of the directory, the calendar and the archive are anonymous and ask for the same
pages; serving those from the cache (Redis when configured) for PORTAL_PUBLIC_CACHE_SECONDS keeps the
site fast under load. Anyone with a session (logged in, or with a message waiting) always gets a fresh
page, and a page that carries a CSRF token is never cached. Staff changes appear after at most that many
seconds.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

BYPASS_COOKIES = {settings.SESSION_COOKIE_NAME, "messages"}


def _key(request) -> str:
    raw = f"{translation.get_language()}|{request.get_full_path()}"
    return "public-page:" + hashlib.sha256(raw.encode()).hexdigest()


def cache_public_page(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = settings.PORTAL_PUBLIC_CACHE_SECONDS
        if not seconds or request.method not in ("GET", "HEAD") or BYPASS_COOKIES & request.COOKIES.keys():
            return view(request, *args, **kwargs)
        key = _key(request)
        response = cache.get(key)
        if response is not None:
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        personal = request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or response.cookies
        if response.status_code == 200 and not response.streaming and not personal:
            cache.set(key, response, seconds)
        return response

    return wrapper
