"""The editorial texts the portal starts with (portal/content/<slug>.<language>.md)."""

from pathlib import Path

CONTENT_DIR = Path(__file__).resolve().parent / "content"

CONTACT_PERSON = {
    "name": "Margarita Bergen",
    "role_de": "Netzwerk Migrantenorganisationen, Beratung zur MSO-Förderung",
    "role_en": "Network of migrant organisations, advice on MSO funding",
    "phone": "(0521) 51 8123",
    "email": "margarita.bergen@bielefeld.de",
    "building": "Neues Rathaus, Erdgeschoss",
    "room": "Flur B, Zimmer 058",
    "street": "Niederwall 23",
    "postcode_city": "33602 Bielefeld",
}


def read_page(slug: str, language: str) -> tuple[str, str]:
    """Return (title, Markdown body) of a bundled page; the first line is '# Title'."""
    path = CONTENT_DIR / f"{slug}.{language}.md"
    if not path.exists():
        return "", ""
    lines = path.read_text(encoding="utf-8").splitlines()
    title = lines[0].lstrip("#").strip() if lines else ""
    return title, "\n".join(lines[1:]).strip() + "\n"


def seed_pages(Page, ContactPerson, *, overwrite: bool = False) -> None:
    """Create the pages that do not exist yet (all of them with overwrite) and the contact person."""
    for slug in [choice[0] for choice in Page._meta.get_field("slug").choices]:
        title_de, body_de = read_page(slug, "de")
        if not title_de:
            continue
        title_en, body_en = read_page(slug, "en")
        values = {"title_de": title_de, "body_de": body_de, "title_en": title_en, "body_en": body_en}
        if overwrite:
            Page.objects.update_or_create(slug=slug, defaults=values)
        else:
            Page.objects.get_or_create(slug=slug, defaults=values)
    ContactPerson.objects.get_or_create(email=CONTACT_PERSON["email"], defaults=CONTACT_PERSON)
