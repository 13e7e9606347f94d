"""Demo data for funding: an open and a closed programme, applications in several states."""

import datetime
from decimal import Decimal

from django.utils import timezone

from funding.models import Application, ApplicationEvent, FinancingType, PlanLine, Programme
from funding.services import _next_reference
from funding.workflow import Action, State
from organisations.models import Membership, Organisation
from portal.demo import REPRESENTATIVE_EMAIL
from portal.models import User

GUIDELINE = (
    "Gefördert werden Projekte von Migrantenselbstorganisationen mit Sitz oder Tätigkeit in Bielefeld, "
    "die die Integration fördern. Anträge sind vor Beginn des Projekts zu stellen; gefördert wird nur im "
    "Rahmen der verfügbaren Haushaltsmittel."
)


def _organisation(representative):
    membership = (
        Membership.objects.approved()
        .filter(user=representative)
        .select_related("organisation")
        .order_by("pk")
        .first()
        if representative
        else None
    )
    if membership:
        return membership.organisation
    organisation, _ = Organisation.objects.get_or_create(
        slug="bruecken-bauen-bielefeld-demo",
        defaults={"name": "Brücken bauen Bielefeld e.V. (Demo)", "status": Organisation.Status.PUBLISHED},
    )
    if representative:
        Membership.objects.get_or_create(
            user=representative,
            organisation=organisation,
            defaults={"status": Membership.Status.APPROVED, "decided_at": timezone.now()},
        )
    return organisation


def _complete(application, title, area, costs, requested, start):
    application.street = "Beispielstraße 12"
    application.postcode = "33602"
    application.city = "Bielefeld"
    application.contact_name = application.contact_name or "Demo Vertretung"
    application.contact_email = application.contact_email or REPRESENTATIVE_EMAIL
    application.signatory_name = "Aylin Demir"
    application.signatory_role = "Vorsitzende"
    application.title = title
    application.area = area
    application.description = "Ein fiktives Beispielprojekt für die Demo des Portals."
    application.goals = "Begegnung und Austausch über Herkunftsgrenzen hinweg."
    application.target_group = "Familien aus der Nachbarschaft"
    application.expected_participants = 40
    application.communities = "türkisch, syrisch, ukrainisch, deutsch"
    application.venue = "Bürgerzentrum, Bielefeld"
    application.start_date = start
    application.end_date = start + datetime.timedelta(days=60)
    application.not_started = True
    application.account_holder = application.organisation.name
    application.iban = "DE89370400440532013000"
    application.bank_name = "Beispielbank"
    application.declares_truthful = application.declares_no_double_funding = True
    application.declares_privacy_notice = True
    application.signature_name = "Aylin Demir"
    application.signature_place = "Bielefeld"
    application.signature_date = start - datetime.timedelta(days=30)
    application.plan_saved = True
    application.save()
    application.lines.all().delete()
    total = sum(costs.values(), Decimal("0"))
    lines = [
        PlanLine(application=application, side="cost", category=category, amount=amount, position=i)
        for i, (category, amount) in enumerate(costs.items())
    ]
    financing = {"own_funds": total - requested, "requested_grant": requested}
    lines += [
        PlanLine(
            application=application,
            side="financing",
            category=category,
            amount=financing.get(category, 0),
            position=i,
        )
        for i, category in enumerate(PlanLine.FINANCING_CATEGORIES)
    ]
    PlanLine.objects.bulk_create(lines)


def _put_in_state(application, state, actor, **fields):
    if application.state == state:
        return
    if not application.reference:
        application.reference = _next_reference(application.programme.year)
        # A decided example was submitted a month before its decision, so the letter reads plausibly.
        decided_at = fields.get("decided_at")
        application.submitted_at = decided_at - datetime.timedelta(days=30) if decided_at else timezone.now()
    ApplicationEvent.objects.create(
        application=application,
        action=Action.SUBMIT,
        from_state=State.DRAFT,
        to_state=State.SUBMITTED,
        actor=actor,
    )
    for name, value in fields.items():
        setattr(application, name, value)
    application.state = state
    application.save()


def load(stdout) -> None:
    today = timezone.localdate()
    year = today.year
    current, _ = Programme.objects.update_or_create(
        year=year,
        defaults={
            "name": f"MSO-Förderung {year}",
            "budget": Decimal("60000.00"),
            "opens_on": datetime.date(year, 1, 1),
            "closes_on": max(datetime.date(year, 12, 15), today),
            "max_grant": Decimal("3000.00"),
            "guideline": GUIDELINE,
        },
    )
    previous, _ = Programme.objects.update_or_create(
        year=year - 1,
        defaults={
            "name": f"MSO-Förderung {year - 1}",
            "budget": Decimal("55000.00"),
            "opens_on": datetime.date(year - 1, 1, 1),
            "closes_on": datetime.date(year - 1, 10, 31),
            "max_grant": Decimal("2500.00"),
            "guideline": GUIDELINE,
        },
    )
    representative = User.objects.filter(email=REPRESENTATIVE_EMAIL).first()
    organisation = _organisation(representative)
    start = today + datetime.timedelta(days=45)
    examples = [
        (current, "Sprachcafé für Familien", "education", State.DRAFT, {}),
        (current, "Interkulturelles Kochbuch", "culture", State.SUBMITTED, {}),
        (current, "Hausaufgabenhilfe im Stadtteil", "education", State.IN_REVIEW, {}),
        (
            current,
            "Mädchenfußball ohne Grenzen",
            "social",
            State.PARTIALLY_APPROVED,
            {
                "granted_amount": Decimal("1500.00"),
                "financing_type": FinancingType.FIXED_AMOUNT,
                "conditions": "Bitte nennen Sie die Stadt Bielefeld als Förderin.",
                "decided_at": timezone.now(),
                "proof_due_on": today + datetime.timedelta(days=180),
            },
        ),
        (
            previous,
            "Nachbarschaftsfest 2025",
            "social",
            State.PAID,
            {
                "granted_amount": Decimal("1800.00"),
                "financing_type": FinancingType.FIXED_AMOUNT,
                "decided_at": timezone.now() - datetime.timedelta(days=220),
                "proof_due_on": today + datetime.timedelta(days=30),
                "paid_on": today - datetime.timedelta(days=200),
            },
        ),
    ]
    for programme, title, area, state, fields in examples:
        application, created = Application.objects.get_or_create(
            programme=programme,
            organisation=organisation,
            title=title,
            defaults={"created_by": representative},
        )
        if created:
            _complete(
                application,
                title,
                area,
                {"fees": Decimal("1200.00"), "room_rent": Decimal("400.00"), "catering": Decimal("600.00")},
                Decimal("1800.00"),
                start if programme == current else datetime.date(programme.year, 6, 1),
            )
        if state != State.DRAFT:
            _put_in_state(application, state, representative, **fields)
    stdout.write(f"funding: programmes {year - 1} and {year}, {len(examples)} applications of {organisation}")
