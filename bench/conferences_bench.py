"""Time the conference archive, its full-text search and a conference page against the configured database.

Usage: DATABASE_URL=... DJANGO_DEBUG=1 .venv/bin/python bench/conferences_bench.py \
    [--conferences 40] [--documents 8] [--pages 20]

Creates conferences with the prefix "bench-" whose documents carry generated PDF text (about 20 pages each),
measures, and deletes them again.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from conferences import services  # noqa: E402
from conferences.models import Conference, Document  # noqa: E402

PREFIX = "bench-"
WORDS = [
    "Migrantenorganisationen",
    "Regeldienste",
    "Kooperation",
    "Vernetzung",
    "Jugendverbände",
    "Wohlfahrtsverbände",
    "Beratung",
    "Ehrenamt",
    "Quartier",
    "Bildung",
    "Gesundheit",
    "Arbeit",
    "Elternarbeit",
    "Sprachkurs",
    "Workshop",
    "Ergebnisse",
    "Zusammenarbeit",
    "Stadtteil",
    "Integration",
    "Verein",
    "Förderung",
    "Austausch",
    "Begegnung",
    "Kultur",
    "Sport",
    "Familie",
    "Schule",
    "Ausbildung",
]
RARE_WORD = "Quartiersbrückenbau"


def cleanup():
    Conference.objects.filter(slug__startswith=PREFIX).delete()


def text(pages: int, rng: random.Random) -> str:
    return "\n".join(" ".join(rng.choice(WORDS) for _ in range(350)) for _ in range(pages))


def timed(client, path, params, runs):
    client.get(path, params)  # warm up
    timings = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            response = client.get(path, params)
            timings.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, response.status_code
    return statistics.median(timings), len(queries)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--conferences", type=int, default=40)
    parser.add_argument("--documents", type=int, default=8)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    rng = random.Random(7)
    cleanup()
    try:
        for number in range(args.conferences):
            conference = Conference.objects.create(
                title=f"Fachtagung {number}: Vernetzung von Migrantenorganisationen",
                year=1990 + number % 100,
                slug=f"{PREFIX}{number}",
                summary="Migrantenorganisationen und Regeldienste lernen sich kennen.",
                programme="- **10:00** Begrüßung\n- **11:00** Workshops",
                status=Conference.Status.HELD,
            )
            body = [text(args.pages, rng) for _ in range(args.documents)]
            if number == args.conferences // 2:
                body[0] += f" {RARE_WORD}"
            Document.objects.bulk_create(
                Document(
                    conference=conference,
                    title=f"Vortrag {index}",
                    file=f"bench/{number}-{index}.pdf",
                    mime_type="application/pdf",
                    size=1_200_000,
                    page_count=args.pages,
                    text=content,
                    position=index * 10,
                )
                for index, content in enumerate(body)
            )
            conference.documents.update(search_vector=services.document_vector())
            services.refresh_search_vector(conference)
        total_chars = sum(
            len(t)
            for t in Document.objects.filter(conference__slug__startswith=PREFIX).values_list(
                "text", flat=True
            )
        )
        print(
            f"{args.conferences} conferences, {args.conferences * args.documents} documents, "
            f"{total_chars / 1e6:.1f} million characters of PDF text"
        )
        client = Client(HTTP_HOST="localhost")
        conference = Conference.objects.filter(slug__startswith=PREFIX).first()
        for name, path, params in [
            ("archive", "/fachtagungen/", {}),
            ("search, one hit (rare word)", "/fachtagungen/", {"q": RARE_WORD}),
            ("search, every conference (common word)", "/fachtagungen/", {"q": "Kooperation"}),
            ("conference page", conference.get_absolute_url(), {}),
        ]:
            median, queries = timed(client, path, params, args.runs)
            print(f"{name:40} median {median:7.1f} ms over {args.runs} runs, {queries} queries")
    finally:
        cleanup()


if __name__ == "__main__":
    main()
