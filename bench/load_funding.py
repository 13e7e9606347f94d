"""The funding part of bench/load_writes.py: complete applications submitted through the real forms."""

import random
from datetime import date, timedelta

from tests.html_forms import main_form

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# Every kind the rules may ask for (first-time applicants, last year's grantees); an extra one does no harm.
ATTACHMENTS = ("register_extract", "statutes", "board_list", "charitable_status", "previous_report")
PROGRAMME_NAME = "Lasttest-Förderprogramm"


def setup() -> dict:
    """An open programme with a budget for the load run."""
    from decimal import Decimal

    from django.utils import timezone

    from funding.models import Programme

    today = timezone.localdate()
    programme = Programme.objects.filter(name=PROGRAMME_NAME).first()
    if programme is None:
        year = max(Programme.objects.values_list("year", flat=True), default=today.year) + 1
        programme = Programme.objects.create(
            name=PROGRAMME_NAME,
            year=year,
            budget=Decimal("1000000.00"),
            opens_on=today - timedelta(days=1),
            closes_on=today + timedelta(days=30),
            max_grant=Decimal("5000.00"),
        )
    return {"programme": programme.pk}


def _save_section(client, path: str, values: dict) -> bool:
    page = client.get(path)
    if page is None or page.status_code != 200:
        return False
    form = main_form(page.text, multipart=False)
    response = client.post(path, {**form["fields"], **values})
    return response is not None and response.status_code == 302


def submit_application(client, person: dict, funding: dict) -> str | None:
    """Fill in every section of a new application and submit it; return its key when confirmed."""
    response = client.post(
        "/foerderung/antraege/", {"programme": funding["programme"], "organisation": person["organisation"]}
    )
    if response is None or response.status_code != 302:
        return None
    base = response.headers["Location"]
    for section, values in section_values(person).items():
        if not _save_section(client, base + section, values):
            return None
    for kind in ATTACHMENTS:
        files = {"file": (f"{kind}.pdf", PDF, "application/pdf")}
        upload = client.post(base + "anlagen/", {"kind": kind}, files=files)
        if upload is None or upload.status_code != 302:
            return None
    client.post(base + "anlagen/", {"done": "1"})
    submitted = client.post(base + "pruefen/", {})
    if submitted is None or submitted.status_code != 302:
        return None
    if "bestaetigung" not in submitted.headers["Location"]:
        return None
    return base.rstrip("/").rsplit("/", 1)[-1]


def section_values(person: dict) -> dict[str, dict]:
    """What a representative types into each section, by the section's address."""
    start = date.today() + timedelta(days=random.randint(30, 90))
    return {
        "antragsteller/": {
            "street": "Niederwall 23",
            "postcode": "33602",
            "city": "Bielefeld",
            "contact_name": "Lasttest",
            "contact_email": f"lasttest-{person['user']}@example.org",
            "signatory_name": "Lasttest Vorstand",
            "signatory_role": "Vorsitz",
        },
        "projekt/": {
            "title": "Lasttest-Projekt",
            "area": "education",
            "description": "Ein Sprachcafé für Neuzugewanderte.",
            "goals": "Begegnung",
            "target_group": "Erwachsene",
            "expected_participants": "25",
            "communities": "verschiedene",
            "venue": "Vereinsheim",
            "start_date": start.isoformat(),
            "end_date": (start + timedelta(days=30)).isoformat(),
            "not_started": "on",
        },
        "finanzplan/": {
            "costs-0-category": "fees",
            "costs-0-description": "Honorar",
            "costs-0-amount": "800.00",
            "costs-1-category": "material",
            "costs-1-description": "Material",
            "costs-1-amount": "200.00",
            "financing-own_funds": "200.00",
            "financing-requested_grant": "800.00",
        },
        "bankverbindung/": {
            "account_holder": "Lasttest e.V.",
            "iban": "DE89 3704 0044 0532 0130 00",
            "bank_name": "Sparkasse Bielefeld",
        },
        "erklaerungen/": {
            "declares_truthful": "on",
            "declares_no_double_funding": "on",
            "declares_privacy_notice": "on",
            "signature_name": "Lasttest Vorstand",
            "signature_place": "Bielefeld",
            "signature_date": date.today().isoformat(),
        },
    }


def check(funding: dict, confirmed_keys: list[str]) -> list[str]:
    """Every confirmed submission stored exactly once with a unique reference; the budget holds."""
    from django.db.models import Count, Sum

    from funding.models import Application, ApplicationEvent, Programme
    from funding.workflow import State

    problems = []
    programme = Programme.objects.get(pk=funding["programme"])
    applications = Application.objects.filter(programme=programme)
    submitted = applications.filter(reference__gt="")
    duplicates = submitted.values("reference").annotate(n=Count("pk")).filter(n__gt=1)
    if duplicates:
        problems.append(f"references used twice: {list(duplicates)[:5]}")
    # The client knows a draft by its number; after submission its address uses the reference.
    stored = {str(a.pk): a for a in applications} | {a.reference: a for a in submitted}
    for key in confirmed_keys:
        application = stored.get(key)
        if application is None or not application.reference or application.state != State.SUBMITTED:
            problems.append(f"application {key} was confirmed to the client but is not stored as submitted")
    events = (
        ApplicationEvent.objects.filter(application__programme=programme, to_state=State.SUBMITTED)
        .values("application")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    if events:
        problems.append(f"{len(events)} applications were submitted more than once")
    without_reference = applications.filter(state=State.SUBMITTED).exclude(reference__gt="").count()
    if without_reference:
        problems.append(f"{without_reference} submitted applications have no reference")
    references = sorted(int(r.rsplit("-", 1)[1]) for r in submitted.values_list("reference", flat=True))
    if references and references != list(range(1, len(references) + 1)):
        problems.append("the reference numbers have gaps")
    granted = applications.aggregate(total=Sum("granted_amount"))["total"] or 0
    if granted > programme.budget:
        problems.append(f"granted {granted} exceeds the budget {programme.budget}")
    return problems
