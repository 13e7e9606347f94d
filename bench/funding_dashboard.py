"""Median server time of the budget dashboard of a programme with 5,000 applications.

Usage: DATABASE_URL=... python bench/funding_dashboard.py [--applications 5000] [--runs 30] [--write]
The applications (titled "Benchmark-Projekt ...", each with 14 plan lines) are added once and reused.
The time is measured in-process around Django's test client: URL routing, middleware, the two
aggregate queries and the template with its chart, without network.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.report import write_section  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

START = "<!-- funding-dashboard:start -->"
END = "<!-- funding-dashboard:end -->"


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--applications", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from bench import data_funding
    from bench.environment import machine
    from funding.models import Application, Programme
    from portal.models import User

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.PORTAL_STAFF_REQUIRE_MFA = False
    data_funding.ensure({"applications": args.applications})
    programme = Programme.objects.get(year=2026)
    in_programme = Application.objects.filter(programme=programme).count()
    total = Application.objects.count()
    user, _ = User.objects.get_or_create(
        email="bench-dashboard@example.org", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    address = reverse("admin:funding_programme_budget", args=[programme.pk])
    assert client.get(address).status_code == 200
    times = []
    for _ in range(args.runs):
        started = time.perf_counter()
        response = client.get(address)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    median = statistics.median(times)
    print(
        f"median {median:.1f} ms, min {min(times):.1f} ms, max {max(times):.1f} ms, {args.runs} requests; "
        f"{total} applications, {in_programme} in the programme shown"
    )
    if args.write:
        section = "\n".join(
            [
                START,
                f"Measured {date.today():%Y-%m-%d} on {machine()} (`nproc` = {os.cpu_count()}). Command: "
                f"`DATABASE_URL=... python bench/funding_dashboard.py --runs {args.runs} --write`. "
                f"{total:,} applications ({args.applications:,} generated with 14 plan lines each); "
                f"the dashboard shows the programme with {in_programme:,} of them. "
                "Server time in-process (test client), no network.",
                "",
                "| page | median ms | min ms | max ms | runs |",
                "|---|---:|---:|---:|---:|",
                f"| budget dashboard (admin) | {median:.1f} | {min(times):.1f} | {max(times):.1f} | "
                f"{args.runs} |",
                "",
                f"Load average while measuring: {os.getloadavg()[0]:.1f} (1 min).",
                END,
            ]
        )
        write_section(START, END, section, "## Funding budget dashboard\n\nTarget: under 100 ms.")


if __name__ == "__main__":
    main()
