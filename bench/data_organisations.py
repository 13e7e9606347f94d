"""Organisations of the benchmark data set: fictional entries with a realistic spread of offers,
languages, origins and districts. ``ensure`` adds what is missing, so a second run reuses the data.
"""

import random
import time

COMMUNITIES = [
    "Türkischer",
    "Kurdischer",
    "Syrischer",
    "Polnischer",
    "Griechischer",
    "Afghanischer",
    "Russischsprachiger",
    "Ukrainischer",
    "Italienischer",
    "Iranischer",
    "Eritreischer",
    "Arabischer",
]
KINDS = [
    "Kulturverein",
    "Elternverein",
    "Frauentreff",
    "Sportverein",
    "Jugendtreff",
    "Bildungswerk",
    "Sprachschule",
    "Beratungsstelle",
    "Seniorenkreis",
    "Musikverein",
]
TEXTS = [
    "Wir bieten Sprachkurse für Kinder und Erwachsene an.",
    "Unser Chor probt wöchentlich und tritt bei Stadtteilfesten auf.",
    "Wir kochen gemeinsam und laden Nachbarinnen und Nachbarn ein.",
    "Begleitung von Geflüchteten bei Wohnungssuche und Arztbesuchen.",
    "Ein Gebetsraum, Religionsunterricht und Feiertage im Jahreskreis.",
    "Schach, Backgammon und Spielenachmittage für Seniorinnen und Senioren.",
    "Computerkurse und Unterstützung bei Online-Anträgen.",
    "Ausflüge, Wanderungen und Radtouren in Ostwestfalen.",
    "Theatergruppe für Jugendliche mit Aufführungen im Stadtteil.",
    "Vorträge zu Schule, Ausbildung und Studium in Deutschland.",
    "Ein Elterncafé mit Kinderbetreuung am Vormittag.",
    "Übersetzungshilfe und Dolmetschen bei Elterngesprächen.",
    "Gemeinsame Gartenarbeit im interkulturellen Garten.",
    "Folkloretanz für Kinder, Jugendliche und Erwachsene.",
    "Bibliothek mit Büchern in der Herkunftssprache.",
    "Netzwerk für Unternehmerinnen und Gründer.",
    "Trauerbegleitung und Unterstützung in Krisen.",
    "Filmabende und Diskussionen zu Migration und Heimat.",
    "Beratung bei Behörden, Begleitung zu Ämtern und Hilfe beim Ausfüllen von Anträgen.",
    "Hausaufgabenhilfe, Nachhilfe und Bewerbungstraining für Jugendliche.",
    "Feste, Tanz, Musik und Theater für alle Generationen.",
    "Fußball, Volleyball und Schwimmen für Mädchen und Jungen.",
    "Gesundheitsvorträge, Kochabende und ein offener Frauentreff.",
]
COUNTRIES = ["TR", "SY", "IQ", "AF", "PL", "GR", "RU", "UA", "IT", "IR", "ER", "LB", "MA", "RO", "BA", "VN"]


def generate(count: int, start: int = 0) -> None:
    """Create the entries bench-<start> .. bench-<count - 1> with their offers and search documents."""
    from django.db import connection, transaction
    from django.utils import timezone

    from organisations.models import District, Language, OfferCategory, Organisation
    from organisations.search import update_search_vectors

    rng = random.Random(20_000 + start)
    categories = list(OfferCategory.objects.all())
    languages = [code for code, _ in Language.choices]
    districts = [code for code, _ in District.choices]
    started = time.perf_counter()
    with transaction.atomic():
        organisations = []
        for number in range(start, count):
            name = f"{rng.choice(COMMUNITIES)} {rng.choice(KINDS)} {number}"
            organisations.append(
                Organisation(
                    name=name,
                    slug=f"bench-{number}",
                    description=rng.choice(TEXTS),
                    activities=" ".join(rng.sample(TEXTS, 2)),
                    target_groups=rng.choice(["Familien", "Jugendliche", "Frauen", "alle"]),
                    languages=sorted(set(rng.sample(languages, rng.randint(1, 3)) + ["de"])),
                    origins=",".join(sorted(set(rng.sample(COUNTRIES, rng.randint(1, 3))))),
                    district=rng.choice(districts),
                    city="Bielefeld",
                    status=Organisation.Status.PUBLISHED if rng.random() < 0.9 else Organisation.Status.DRAFT,
                    publication_consent=True,
                    confirmed_at=timezone.now() - timezone.timedelta(days=rng.randint(0, 800)),
                )
            )
        created = Organisation.objects.bulk_create(organisations, batch_size=2000)
        through = Organisation.offers.through
        through.objects.bulk_create(
            [
                through(organisation_id=organisation.pk, offercategory_id=category.pk)
                for organisation in created
                for category in rng.sample(categories, rng.randint(1, 4))
            ],
            batch_size=5000,
        )
        ids = [organisation.pk for organisation in created]
        for first in range(0, len(ids), 2000):
            update_search_vectors(ids[first : first + 2000])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE organisations_organisation; ANALYZE organisations_organisation_offers")
    print(f"{count - start} organisations generated in {time.perf_counter() - started:.1f} s", flush=True)


def existing() -> int:
    from organisations.models import Organisation

    return Organisation.objects.filter(slug__startswith="bench-").count()


def ensure(sizes: dict) -> None:
    count = sizes.get("organisations", 20_000)
    have = existing()
    if have < count:
        generate(count, start=have)


def pages() -> list[tuple[str, str]]:
    from organisations.models import Organisation

    detail = Organisation.objects.published().filter(slug__startswith="bench-").order_by("pk").first()
    result = [
        ("directory (`/vereine/`)", "/vereine/"),
        ("directory, search and two filters", "/vereine/?q=sprach&angebot=jugend&bezirk=mitte"),
    ]
    if detail is not None:
        result.append(("organisation page", detail.get_absolute_url()))
    return result
