from django.urls import translate_url
from django.utils import translation


def portal(request):
    """Links to this page in the other language, for the language switch."""
    current = translation.get_language()
    path = request.get_full_path()
    links = []
    for code, name in (("de", "Deutsch"), ("en", "English")):
        links.append(
            {"code": code, "name": name, "url": translate_url(path, code), "current": code == current}
        )
    return {"language_links": links}
