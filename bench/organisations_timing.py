"""Median server time of the directory list (search term and two filters) and of a detail page.

    DATABASE_URL=... .venv/bin/python bench/organisations_timing.py [repetitions]

Requests go through the whole Django stack (middleware, views, templates, database) with the
production settings (DEBUG off) via the test client, so the figure is server time without network.
Generate the data first with bench/organisations_generate.py.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ["DJANGO_DEBUG"] = "0"
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "0"

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402

from organisations.models import Organisation  # noqa: E402

CASES = [
    ("list: search 'sprach' + offer + district", "/vereine/?q=sprach&angebot=jugend&bezirk=mitte"),
    ("list: search 'kultur' + language + origin", "/vereine/?q=kultur&sprache=tr&herkunft=SY"),
    ("list: no search, two filters", "/vereine/?angebot=kultur&bezirk=heepen"),
    ("list: unfiltered, page 50 (counts cached)", "/vereine/?seite=50"),
]


def measure(client, url, repetitions):
    for _ in range(3):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    timings = []
    for _ in range(repetitions):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), max(timings)


def main(repetitions: int) -> None:
    from django.conf import settings
    from django.db import connection
    from django.test.utils import override_settings

    # Static file names are hashed in production; the manifest does not exist in a checkout.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    override_settings(STORAGES=storages).enable()

    client = Client()
    published = Organisation.objects.published()
    detail = published.filter(slug__startswith="bench-").order_by("pk")[published.count() // 2]
    cases = [*CASES, ("detail page", detail.get_absolute_url())]
    print(f"{published.count()} published organisations, {repetitions} requests each")
    for label, url in cases:
        executed = []

        def count(execute, sql, params, many, context, executed=executed):
            executed.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            client.get(url)
        median, worst = measure(client, url, repetitions)
        print(f"{label:45} median {median:6.1f} ms  max {worst:6.1f} ms  queries {len(executed)}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
