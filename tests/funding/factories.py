import datetime
from decimal import Decimal

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from funding.models import Application, Attachment, PlanLine, Programme
from tests.factories import OrganisationFactory

# The smallest file that sniffs as a PDF.
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489") + b"\x00" * 64


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    year = factory.Sequence(lambda n: 2026 + n)
    name = factory.LazyAttribute(lambda o: f"MSO-Förderung {o.year}")
    budget = Decimal("50000.00")
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    max_grant = Decimal("3000.00")


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    programme = factory.SubFactory(ProgrammeFactory)
    organisation = factory.SubFactory(OrganisationFactory)


def fill_in(application, *, costs=("1200.00", "300.00"), requested="1000.00", attachments=True):
    """Complete every section of a draft: a balanced plan, first-time documents, declarations."""
    start = timezone.localdate() + datetime.timedelta(days=40)
    values = {
        "street": "Musterweg 1",
        "postcode": "33602",
        "city": "Bielefeld",
        "contact_name": "Erika Muster",
        "contact_email": "kontakt@example.org",
        "signatory_name": "Erika Muster",
        "signatory_role": "Vorsitzende",
        "title": "Sprachcafé am Kesselbrink",
        "area": "education",
        "description": "Wöchentliches Sprachcafé.",
        "goals": "Deutsch üben.",
        "target_group": "Neu Zugewanderte",
        "expected_participants": 25,
        "venue": "Stadtteilzentrum",
        "start_date": start,
        "end_date": start + datetime.timedelta(days=90),
        "not_started": True,
        "account_holder": "Kulturverein",
        "iban": "DE89370400440532013000",
        "bank_name": "Sparkasse",
        "declares_truthful": True,
        "declares_no_double_funding": True,
        "declares_privacy_notice": True,
        "signature_name": "Erika Muster",
        "signature_place": "Bielefeld",
        "signature_date": timezone.localdate(),
        "plan_saved": True,
    }
    for name, value in values.items():
        setattr(application, name, value)
    application.save()
    total = sum((Decimal(c) for c in costs), Decimal("0"))
    lines = [
        PlanLine(
            application=application,
            side="cost",
            category="fees",
            description=f"Honorar {i}",
            amount=c,
            position=i,
        )
        for i, c in enumerate(costs)
    ]
    lines.append(
        PlanLine(
            application=application, side="financing", category="own_funds", amount=total - Decimal(requested)
        )
    )
    lines.append(
        PlanLine(application=application, side="financing", category="requested_grant", amount=requested)
    )
    PlanLine.objects.bulk_create(lines)
    if attachments:
        for kind in Attachment.FIRST_TIME_KINDS:
            add_attachment(application, kind)
    return application


def add_attachment(application, kind="statutes", content=PDF_BYTES, name="satzung.pdf"):
    attachment = Attachment(
        application=application,
        kind=kind,
        original_name=name,
        content_type="application/pdf",
        size=len(content),
    )
    attachment.file.save(name, ContentFile(content), save=False)
    attachment.save()
    return attachment
