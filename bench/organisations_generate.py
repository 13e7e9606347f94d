"""Generate N fictional organisations (default 20,000) for the directory benchmark.

    DATABASE_URL=... .venv/bin/python bench/organisations_generate.py [N] [--replace]

Entries get slugs "bench-<n>"; only the missing ones are added, or all anew with --replace.
Not run by the test suite.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from bench import data_organisations  # noqa: E402
from organisations.models import Organisation  # noqa: E402

if __name__ == "__main__":
    arguments = [argument for argument in sys.argv[1:] if not argument.startswith("--")]
    count = int(arguments[0]) if arguments else 20_000
    if "--replace" in sys.argv:
        Organisation.objects.filter(slug__startswith="bench-").delete()
    data_organisations.ensure({"organisations": count})
    print(f"{data_organisations.existing()} benchmark organisations in the database")
