"""About 80 clearly fictional organisations for the demo, and the demo representative's membership.

Every entry is invented (names are combinations of a community and a kind of club); the texts say so.
Running it again updates the same entries.
"""

import random

from django.utils import timezone

from organisations.models import District, Membership, OfferCategory, Organisation
from organisations.search import update_search_vectors

PROFILES = [
    # adjective, origins, languages, community
    ("Türkischer", ["TR"], ["tr", "de"], ""),
    ("Kurdischer", ["TR", "SY", "IQ"], ["kmr", "de"], "Kurdisch"),
    ("Ezidischer", ["IQ", "SY"], ["kmr", "ar", "de"], "Ezidisch"),
    ("Syrischer", ["SY"], ["ar", "de"], ""),
    ("Afghanischer", ["AF"], ["prs", "ps", "de"], ""),
    ("Russischsprachiger", ["RU", "KZ", "UA"], ["ru", "de"], ""),
    ("Ukrainischer", ["UA"], ["uk", "ru", "de"], ""),
    ("Polnischer", ["PL"], ["pl", "de"], ""),
    ("Griechischer", ["GR"], ["el", "de"], ""),
    ("Italienischer", ["IT"], ["it", "de"], ""),
    ("Eritreischer", ["ER"], ["ti", "de"], ""),
    ("Iranischer", ["IR"], ["fa", "de"], ""),
    ("Westafrikanischer", ["GH", "NG", "CM"], ["en", "fr", "de"], ""),
    ("Vietnamesischer", ["VN"], ["vi", "de"], ""),
    ("Bosnischer", ["BA"], ["bs", "hr", "de"], ""),
    ("Rumänischer", ["RO"], ["ro", "de"], ""),
    ("Lateinamerikanischer", ["CO", "PE", "ES"], ["es", "de"], ""),
    ("Arabischer", ["LB", "MA", "IQ"], ["ar", "fr", "de"], ""),
    ("Albanischer", ["AL", "MK"], ["sq", "de"], ""),
    ("Somalischer", ["SO"], ["so", "de"], ""),
]

KINDS = [
    # name, legal form, offers, target groups, activity sentence
    (
        "Kulturverein",
        Organisation.LegalForm.REGISTERED_ASSOCIATION,
        ["kultur", "sprache-bildung"],
        "alle Generationen",
        "Wir feiern Feste, zeigen Musik und Tanz und bieten Sprachkurse für Kinder und Erwachsene an.",
    ),
    (
        "Eltern- und Familienverein",
        Organisation.LegalForm.REGISTERED_ASSOCIATION,
        ["familien", "jugend", "sprache-bildung"],
        "Eltern, Kinder und Jugendliche",
        "Wir begleiten Eltern im Schulsystem, bieten Hausaufgabenhilfe und eine Elternsprechstunde.",
    ),
    (
        "Frauentreff",
        Organisation.LegalForm.INITIATIVE,
        ["frauen", "beratung", "gesundheit"],
        "Frauen und Mädchen",
        "Wir treffen uns zum Austausch, begleiten zu Behörden und laden zu Gesundheitsvorträgen ein.",
    ),
    (
        "Jugend- und Sportverein",
        Organisation.LegalForm.REGISTERED_ASSOCIATION,
        ["sport-freizeit", "jugend"],
        "Kinder und Jugendliche",
        "Wir trainieren Fußball und Volleyball, machen Ausflüge und unterstützen bei der Ausbildungssuche.",
    ),
]

EXTRA_OFFERS = ["arbeit-beruf", "gefluechtete", "seniorinnen-senioren", "religion"]
DEMO_MARK = "Fiktiver Beispieleintrag für die Demo."


def demo_organisations():
    rng = random.Random(2026)
    districts = list(District)
    number = 0
    for kind_name, legal_form, offers, target_groups, activity in KINDS:
        for adjective, origins, languages, community in PROFILES:
            number += 1
            district = districts[number % len(districts)]
            extra = rng.sample(EXTRA_OFFERS, k=rng.randint(0, 2))
            if "religion" in extra and rng.random() < 0.6:
                legal_form_used = Organisation.LegalForm.RELIGIOUS
            else:
                legal_form_used = legal_form
            name = f"{adjective} {kind_name} {district.label}"
            yield {
                "slug": f"demo-{number:02d}",
                "name": name,
                "short_name": "".join(
                    word[0] for word in name.replace("-", " ").split() if word[0].isupper()
                )[:10],
                "legal_form": legal_form_used,
                "founded_year": rng.randint(1965, 2023),
                "description": f"{name}: Treffpunkt, Beratung und Freizeit in {district.label}. {DEMO_MARK}",
                "activities": f"{activity}\n\nDieser Verein ist erfunden. {DEMO_MARK}",
                "offers": offers + extra,
                "target_groups": target_groups,
                "languages": languages,
                "origins": origins,
                "community": community,
                "street": f"Beispielstraße {number}",
                "postal_code": f"336{rng.randint(0, 99):02d}",
                "city": "Bielefeld",
                "district": district.value,
                "meeting_times": rng.choice(
                    ["jeden Samstag 10–13 Uhr", "dienstags ab 17 Uhr", "jeden ersten Sonntag im Monat", ""]
                ),
                "meeting_place": f"Begegnungszentrum {district.label}",
                "email": f"kontakt-{number:02d}@example.org",
                "phone": f"0521 000{number:03d}",
                "website": f"https://verein-{number:02d}.example.org/",
                "network_member": rng.random() < 0.5,
                "publication_consent": True,
                "status": Organisation.Status.PUBLISHED,
                "confirmed_days_ago": rng.randint(0, 700),
            }


def load(stdout) -> None:
    from portal.demo import REPRESENTATIVE_EMAIL
    from portal.models import User

    categories = {category.slug: category for category in OfferCategory.objects.all()}
    now = timezone.now()
    entries = list(demo_organisations())
    # A few entries wait for review or are drafts, so the moderation queue is not empty.
    for entry in entries[-4:-2]:
        entry["status"] = Organisation.Status.PENDING
    for entry in entries[-2:]:
        entry["status"] = Organisation.Status.DRAFT
    ids = []
    for entry in entries:
        entry = dict(entry)
        offers = entry.pop("offers")
        days = entry.pop("confirmed_days_ago")
        entry["confirmed_at"] = now - timezone.timedelta(days=days)
        organisation, _ = Organisation.objects.update_or_create(slug=entry.pop("slug"), defaults=entry)
        organisation.offers.set([categories[slug] for slug in offers if slug in categories])
        ids.append(organisation.pk)
    update_search_vectors(ids)

    representative = User.objects.filter(email=REPRESENTATIVE_EMAIL).first()
    if representative is not None:
        first = Organisation.objects.get(slug="demo-01")
        Membership.objects.update_or_create(
            user=representative,
            organisation=first,
            defaults={"status": Membership.Status.APPROVED, "role": "Vorsitz", "decided_at": now},
        )
    stdout.write(f"organisations: {len(entries)} fictional organisations ready")
