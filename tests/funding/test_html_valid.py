from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from funding import services
from funding.models import Application
from funding.queries import SECTION_SLUGS
from funding.workflow import Action, State
from tests.funding.factories import ApplicationFactory, ProgrammeFactory, fill_in
from tests.html_validator import html_errors

pytestmark = pytest.mark.django_db


def path(name, **kwargs):
    """The address without a language prefix, whichever language the previous request left active."""
    with translation.override("de"):
        return reverse(name, **kwargs)


def test_funding_pages_are_valid_html(client, organisation, representative):
    programme = ProgrammeFactory()
    draft = ApplicationFactory(organisation=organisation, programme=programme)
    submitted = services.transition(
        fill_in(ApplicationFactory(organisation=organisation, programme=programme)),
        Action.SUBMIT,
        representative,
    )
    paid = fill_in(ApplicationFactory(organisation=organisation, programme=programme), attachments=False)
    Application.objects.filter(pk=paid.pk).update(
        state=State.PAID,
        reference="MSO-1999-0001",
        granted_amount=Decimal("800.00"),
        decided_at=timezone.now(),
    )
    unbalanced = ApplicationFactory(organisation=organisation, programme=programme)
    services.save_plan(
        unbalanced, [("fees", "Honorar", Decimal("900.00"))], {"requested_grant": Decimal("5000")}
    )
    unbalanced_plan = reverse("funding:section", kwargs={"key": unbalanced.key, "section": "finanzplan"})
    pages = {"index": client.get(reverse("funding:index")).content.decode()}
    client.force_login(representative)
    for prefix in ("", "/en"):
        pages[f"{prefix} list"] = client.get(prefix + path("funding:applications")).content.decode()
        pages[f"{prefix} task list"] = client.get(
            prefix + path("funding:application", kwargs={"key": draft.key})
        ).content.decode()
        for slug in SECTION_SLUGS.values():
            address = prefix + path("funding:section", kwargs={"key": draft.key, "section": slug})
            pages[f"{prefix} {slug}"] = client.get(address).content.decode()
            pages[f"{prefix} {slug} with errors"] = client.post(
                address, {"costs-TOTAL_FORMS": "1", "costs-INITIAL_FORMS": "0", "costs-0-amount": "x"}
            ).content.decode()
        pages[f"{prefix} unbalanced plan"] = client.get(prefix + unbalanced_plan).content.decode()
        assert "plan-problems-title" in pages[f"{prefix} unbalanced plan"]
        for name in ("application", "check", "confirmation", "withdraw"):
            address = prefix + path(f"funding:{name}", kwargs={"key": submitted.key})
            pages[f"{prefix} {name}"] = client.get(address).content.decode()
        proof = prefix + path("funding:proof", kwargs={"key": "MSO-1999-0001"})
        pages[f"{prefix} proof"] = client.get(proof).content.decode()
        pages[f"{prefix} proof with errors"] = client.post(proof, {"report": ""}).content.decode()
        pages[f"{prefix} paid application"] = client.get(
            prefix + path("funding:application", kwargs={"key": "MSO-1999-0001"})
        ).content.decode()
        pages[f"{prefix} dashboard"] = client.get(prefix + path("portal:dashboard")).content.decode()
    not_found = [name for name, page in pages.items() if "Page not found" in page or "nicht gefunden" in page]
    assert not not_found
    errors = html_errors(pages)
    assert not errors, "\n".join(errors)
