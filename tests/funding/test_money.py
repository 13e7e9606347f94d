from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from funding import services
from funding.forms import MoneyField, money_field
from tests.funding.factories import ApplicationFactory, ProgrammeFactory

D = Decimal


@pytest.mark.parametrize(
    ("language", "typed", "amount"),
    [
        # German: dot for thousands, comma for cents
        ("de", "2.000", "2000"),
        ("de", "1.250", "1250"),
        ("de", "100.000", "100000"),
        ("de", "1.000.000", "1000000"),
        ("de", "1.250,50", "1250.50"),
        ("de", "1250,5", "1250.5"),
        ("de", "1.250,50 €", "1250.50"),
        ("de", "1 250,50 EUR", "1250.50"),
        ("de", "1\u00a0250,50", "1250.50"),
        # English: comma for thousands, dot for cents
        ("en", "1,250", "1250"),
        ("en", "2,000", "2000"),
        ("en", "1,000,000", "1000000"),
        ("en", "1,250.50", "1250.50"),
        ("en", "€1,250.50", "1250.50"),
        # the plain forms work in both languages
        ("de", "1200.50", "1200.50"),
        ("de", "1200,50", "1200.50"),
        ("en", "1200.50", "1200.50"),
        ("en", "1200,50", "1200.50"),
        ("de", "0.5", "0.5"),
        ("en", "0,5", "0.5"),
        ("de", "1.5", "1.5"),
        ("en", "1,5", "1.5"),
        ("de", "300", "300"),
        # both separators, or one several times, mean the same in either language
        ("en", "1.250,50", "1250.50"),
        ("de", "1,250.50", "1250.50"),
        ("en", "1.000.000", "1000000"),
        ("de", "1,000,000", "1000000"),
    ],
)
def test_amounts_as_people_type_them(language, typed, amount):
    with translation.override(language):
        assert money_field("Betrag").clean(typed) == D(amount)


@pytest.mark.parametrize(
    ("language", "typed", "message"),
    [
        # a decimal comma in German, a decimal point in English: three places are too many
        ("de", "1,250", "Dezimalstellen"),
        ("en", "1.250", "decimal places"),
        ("de", "12.50,00", "Zahl"),
        ("de", "1.2.3", "Zahl"),
        ("en", "1,250,50.00.1", "number"),
        ("de", "viel", "Zahl"),
        ("de", "-5", "0 oder mehr"),
        ("en", "-5", "0 or more"),
    ],
)
def test_amounts_that_are_refused(language, typed, message):
    from django import forms

    with translation.override(language):
        with pytest.raises(forms.ValidationError) as error:
            money_field("Betrag").clean(typed)
        assert message in " ".join(error.value.messages)


def test_blank_amounts_are_empty():
    field = MoneyField(required=False)
    assert field.clean("") is None and field.clean("  ") is None and field.clean("€") is None


@pytest.mark.django_db
def test_messages_show_amounts_in_the_active_language():
    programme = ProgrammeFactory(max_grant=D("3000.00"))
    with translation.override("de"):
        problems = services.plan_problems(D("1500.50"), D("300"), D("5000"), programme)
    assert "Kosten 1500,50 EUR, Finanzierung 300,00 EUR" in problems[0]
    assert "3000,00 EUR" in problems[1]
    with translation.override("en"):
        problems = services.plan_problems(D("1500.50"), D("300"), D("5000"), programme)
    assert "costs 1500.50 EUR, financing 300.00 EUR" in problems[0]


@pytest.mark.django_db
def test_plan_in_german_thousands(client, representative, organisation):
    application = ApplicationFactory(organisation=organisation, programme=ProgrammeFactory())
    client.force_login(representative)
    address = reverse("funding:section", kwargs={"key": application.key, "section": "finanzplan"})
    response = client.post(
        address,
        {
            "costs-TOTAL_FORMS": "3",
            "costs-INITIAL_FORMS": "0",
            "costs-0-category": "fees",
            "costs-0-amount": "2.000",
            "costs-1-category": "room_rent",
            "costs-1-amount": "1.250,50",
            "financing-own_funds": "250,50",
            "financing-requested_grant": "3.000",
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.total_costs == application.total_financing == D("3250.50")
    assert application.requested_amount == D("3000.00")
