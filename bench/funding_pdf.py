"""Median time to render the funding application PDF with a full plan (20 cost lines).

Usage: DATABASE_URL=... python bench/funding_pdf.py [--runs 30] [--write]
The sample application is created in a transaction that is rolled back, so no data stays behind.
With --write the figures go into docs/BENCHMARKS.md between the funding-pdf markers.
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

START = "<!-- funding-pdf:start -->"
END = "<!-- funding-pdf:end -->"


PLAIN = (
    "<html><body>"
    + "".join(
        f"<h2>Abschnitt {i}</h2><p>"
        + "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 30
        + "</p>"
        for i in range(12)
    )
    + "</body></html>"
)


def plain_reference_times(runs):
    """A plain A4 text document, rendered in the same run: shows how loaded the machine is."""
    from weasyprint import HTML

    HTML(string=PLAIN).write_pdf()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        HTML(string=PLAIN).write_pdf()
        times.append((time.perf_counter() - started) * 1000)
    return times


def plain_pages():
    from io import BytesIO

    from pypdf import PdfReader
    from weasyprint import HTML

    return len(PdfReader(BytesIO(HTML(string=PLAIN).write_pdf())).pages)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import transaction
    from django.utils import translation

    from bench.data_funding import sample_application
    from bench.environment import machine
    from funding import services
    from funding.models import Application

    translation.activate("de")
    times, pages, size = [], 0, 0
    with transaction.atomic():
        application = Application.objects.prefetch_related("lines", "attachments").get(
            pk=sample_application(cost_lines=20).pk
        )
        services.application_pdf(application)  # the first render loads the fonts
        for _ in range(args.runs):
            started = time.perf_counter()
            pdf = services.application_pdf(application)
            times.append((time.perf_counter() - started) * 1000)
        size = len(pdf)
        from io import BytesIO

        from pypdf import PdfReader

        pages = len(PdfReader(BytesIO(pdf)).pages)
        transaction.set_rollback(True)
    reference = plain_reference_times(args.runs)
    median = statistics.median(times)
    summary = (
        f"median {median:.0f} ms, min {min(times):.0f} ms, max {max(times):.0f} ms over {args.runs} renders; "
        f"{pages} pages, {size / 1024:.0f} KiB"
    )
    summary += f"; plain A4 text reference: median {statistics.median(reference):.0f} ms"
    print(summary)
    if args.write:
        section = "\n".join(
            [
                START,
                f"Measured {date.today():%Y-%m-%d} on {machine()} (`nproc` = {os.cpu_count()}). Command: "
                f"`DATABASE_URL=... python bench/funding_pdf.py --runs {args.runs} --write`. "
                "The application has every section filled in and a plan of 20 cost lines and 2 financing "
                "lines; the time covers template rendering and WeasyPrint (fonts already loaded), "
                "not the database.",
                "",
                "| PDF | median ms | min ms | max ms | pages | runs |",
                "|---|---:|---:|---:|---:|---:|",
                f"| funding application, 20 cost lines | {median:.0f} | {min(times):.0f} | "
                f"{max(times):.0f} | {pages} | {args.runs} |",
                f"| plain A4 text, same run (reference for the machine's load) | "
                f"{statistics.median(reference):.0f} | {min(reference):.0f} | {max(reference):.0f} | "
                f"{plain_pages()} | {args.runs} |",
                "",
                f"Load average while measuring: {os.getloadavg()[0]:.1f} (1 min).",
                END,
            ]
        )
        write_section(START, END, section, "## Funding application PDF\n\nTarget: under 200 ms.")


if __name__ == "__main__":
    main()
