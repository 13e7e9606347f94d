import io

import pytest

from organisations import demo
from organisations.models import Membership, Organisation
from portal.demo import REPRESENTATIVE_EMAIL
from tests.factories import UserFactory
from tests.organisations.factories import category

pytestmark = pytest.mark.django_db


def test_demo_data_is_fictional_varied_and_idempotent(client):
    category("kultur")  # the seeded categories (re-seeded if a transactional test emptied them)
    representative = UserFactory(email=REPRESENTATIVE_EMAIL)
    for _ in range(2):
        demo.load(io.StringIO())
    entries = Organisation.objects.filter(slug__startswith="demo-")
    assert entries.count() == 80
    assert entries.published().count() == 76
    assert all(demo.DEMO_MARK in description for description in entries.values_list("description", flat=True))
    assert entries.values("district").distinct().count() == 10
    membership = Membership.objects.get(user=representative)
    assert membership.status == Membership.Status.APPROVED and membership.organisation.is_published
    response = client.get("/vereine/", {"q": "Kultur"})
    assert response.context["paginator"].count > 0
