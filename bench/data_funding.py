"""Funding data for the benchmarks: programmes, applications in every state with full plans.

``ensure(sizes)`` adds what is missing (idempotent); ``pdfs()`` names the PDFs whose render time is measured.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction

BENCH_PREFIX = "bench-funding-"


def _organisations(count):
    from organisations.models import Organisation

    existing = list(Organisation.objects.order_by("pk")[:count])
    missing = count - len(existing)
    if missing > 0:
        Organisation.objects.bulk_create(
            Organisation(name=f"Benchmark-Verein {i} e.V.", slug=f"{BENCH_PREFIX}{i}", status="published")
            for i in range(len(existing), count)
        )
        existing = list(Organisation.objects.order_by("pk")[:count])
    return existing


def _programme(year):
    from funding.models import Programme

    programme, _ = Programme.objects.get_or_create(
        year=year,
        defaults={
            "name": f"MSO-Förderung {year}",
            "budget": Decimal("5000000.00"),
            "opens_on": datetime.date(year, 1, 1),
            "closes_on": datetime.date(year, 12, 31),
            "max_grant": Decimal("5000.00"),
        },
    )
    return programme


def plan_lines(application, cost_lines=12):
    from funding.models import PlanLine

    categories = PlanLine.COST_CATEGORIES
    costs = [
        PlanLine(
            application=application,
            side="cost",
            category=categories[i % len(categories)],
            description=f"Position {i + 1}: Honorar, Miete oder Material für den Kurs",
            amount=Decimal(100 + 17 * i),
            position=i,
        )
        for i in range(cost_lines)
    ]
    total = sum(line.amount for line in costs)
    requested = min(Decimal("3000.00"), total)
    financing = [
        PlanLine(application=application, side="financing", category="own_funds", amount=total - requested),
        PlanLine(application=application, side="financing", category="requested_grant", amount=requested),
    ]
    return costs + financing


def ensure(sizes: dict) -> None:
    from funding.models import Application, FundingArea, PlanLine
    from funding.workflow import State

    wanted = sizes.get("applications", 0)
    have = Application.objects.filter(title__startswith="Benchmark").count()
    if have >= wanted:
        return
    randomiser = random.Random(5)
    organisations = _organisations(min(wanted, 500))
    # All in one budget year: the dashboard of that programme aggregates every one of them.
    programme = _programme(2026)
    states = [s for s in State if s != State.DRAFT]
    with transaction.atomic():
        batch = []
        for i in range(have, wanted):
            state = randomiser.choice(states)
            batch.append(
                Application(
                    programme=programme,
                    organisation=organisations[i % len(organisations)],
                    state=state,
                    reference=f"MSO-{programme.year}-{100000 + i}",
                    title=f"Benchmark-Projekt {i}",
                    area=randomiser.choice(FundingArea.values),
                    granted_amount=Decimal(randomiser.randrange(200, 900)) if state in (
                        State.APPROVED, State.PARTIALLY_APPROVED, State.PAID, State.CLOSED
                    ) else None,
                    plan_saved=True,
                )
            )  # fmt: skip
        created = Application.objects.bulk_create(batch, batch_size=1000)
        lines = [line for application in created for line in plan_lines(application)]
        PlanLine.objects.bulk_create(lines, batch_size=5000)


def sample_application(cost_lines=20):
    """An unsaved-looking complete application with ``cost_lines`` lines, inside the caller's transaction."""
    from funding.models import Application, PlanLine
    from organisations.models import Organisation

    organisation = Organisation.objects.create(name="PDF-Benchmark e.V.", slug=f"{BENCH_PREFIX}pdf")
    application = Application.objects.create(
        programme=_programme(2026),
        organisation=organisation,
        state="submitted",
        reference="MSO-2026-9999",
        street="Niederwall 23",
        postcode="33602",
        city="Bielefeld",
        contact_name="Erika Muster",
        contact_email="erika@example.org",
        signatory_name="Erika Muster",
        signatory_role="Vorsitzende",
        title="Interkulturelle Sommerakademie",
        area="education",
        description="Eine Woche Workshops zu Sprache, Musik und Handwerk. " * 8,
        goals="Begegnung, Sprachpraxis und gemeinsames Lernen. " * 4,
        target_group="Kinder und Jugendliche aus Sennestadt",
        expected_participants=60,
        communities="türkisch, kurdisch, syrisch, ukrainisch, polnisch, deutsch",
        partners="Stadtteilbibliothek, Jugendzentrum",
        venue="Bürgerhaus Sennestadt",
        start_date=datetime.date(2026, 12, 1),
        end_date=datetime.date(2027, 3, 31),
        not_started=True,
        plan_saved=True,
        account_holder="PDF-Benchmark e.V.",
        iban="DE89370400440532013000",
        bank_name="Sparkasse Bielefeld",
        declares_truthful=True,
        declares_no_double_funding=True,
        declares_privacy_notice=True,
        signature_name="Erika Muster",
        signature_place="Bielefeld",
        signature_date=datetime.date(2026, 11, 28),
    )
    PlanLine.objects.bulk_create(plan_lines(application, cost_lines))
    return application


class _Rollback(Exception):
    pass


def pdfs():
    """(name, render) pairs; the data lives in a transaction that is rolled back afterwards."""
    from funding import services
    from funding.models import Application

    def render():
        try:
            with transaction.atomic():
                application = Application.objects.prefetch_related("lines", "attachments").get(
                    pk=sample_application().pk
                )
                services.application_pdf(application)
                raise _Rollback
        except _Rollback:
            pass

    return [("funding application, 20 cost lines (incl. creating the data)", render)]
