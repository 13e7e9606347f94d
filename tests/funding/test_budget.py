from decimal import Decimal

import pytest
from django.urls import reverse

from funding import queries
from funding.models import Application
from funding.workflow import State
from tests.funding.factories import ApplicationFactory, ProgrammeFactory, fill_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(organisation):
    programme = ProgrammeFactory(budget=Decimal("5000.00"))
    examples = [
        ("education", State.SUBMITTED, None, None),
        ("education", State.APPROVED, "800.00", None),
        ("culture", State.PAID, "1000.00", "2026-09-01"),
        ("culture", State.PARTIALLY_APPROVED, "400.00", None),
        ("social", State.REJECTED, None, None),
        ("social", State.WITHDRAWN, None, None),
        ("social", State.DRAFT, None, None),
    ]
    for index, (area, state, granted, paid_on) in enumerate(examples):
        application = fill_in(
            ApplicationFactory(organisation=organisation, programme=programme), attachments=False
        )
        Application.objects.filter(pk=application.pk).update(
            area=area,
            state=state,
            reference=None if state == State.DRAFT else f"MSO-1999-{index:04d}",
            granted_amount=granted,
            paid_on=paid_on,
        )
    return programme


def test_budget_overview_figures(programme):
    overview = queries.budget_overview(programme)
    by_area = {row.label: row for row in overview["areas"]}
    total = overview["total"]
    # Every application requests 1000.00; drafts and withdrawn ones do not count.
    assert (total.applications, total.requested, total.granted, total.paid) == (
        5,
        Decimal("5000.00"),
        Decimal("2200.00"),
        Decimal("1000.00"),
    )
    assert overview["remaining"] == Decimal("2800.00")
    assert by_area["Bildung"].granted == Decimal("800.00") or by_area["Education"].granted == Decimal(
        "800.00"
    )


def test_budget_dashboard_page(staff_client, programme, django_assert_max_num_queries):
    address = reverse("admin:funding_programme_budget", args=[programme.pk])
    with django_assert_max_num_queries(12):
        response = staff_client.get(address)
    page = response.content.decode()
    assert response.status_code == 200
    assert "2800,00" in page and "<svg" in page and "<caption>" in page


def test_budget_dashboard_needs_staff(client, representative, programme):
    client.force_login(representative)
    response = client.get(reverse("admin:funding_programme_budget", args=[programme.pk]))
    assert response.status_code == 302
