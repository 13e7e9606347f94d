"""Generate N fictional organisations (default 20,000) for the directory benchmark.

    DATABASE_URL=... .venv/bin/python bench/organisations_generate.py [N]

Entries get slugs "bench-<n>"; running the script again replaces them. Not run by the test suite.
"""

import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from organisations.models import District, Language, OfferCategory, Organisation  # noqa: E402
from organisations.search import update_search_vectors  # noqa: E402

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


def generate(count: int) -> None:
    rng = random.Random(20_000)
    categories = list(OfferCategory.objects.all())
    languages = [code for code, _ in Language.choices]
    districts = [code for code, _ in District.choices]
    started = time.perf_counter()
    with transaction.atomic():
        Organisation.objects.filter(slug__startswith="bench-").delete()
        organisations = []
        for number in range(count):
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
        for start in range(0, len(ids), 2000):
            update_search_vectors(ids[start : start + 2000])
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE organisations_organisation; ANALYZE organisations_organisation_offers")
    print(f"{count} organisations generated in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    generate(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
