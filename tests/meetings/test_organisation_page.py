import pytest

from tests.factories import MembershipFactory
from tests.meetings.factories import MeetingFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_organisation_page_shows_the_meetings_its_people_registered_for(client):
    membership = MembershipFactory()
    meeting = MeetingFactory(title="Netzwerktreffen Frühjahr")
    RegistrationFactory(meeting=meeting, user=membership.user, organisation=membership.organisation)
    MeetingFactory(title="Anderes Treffen")

    html = client.get(membership.organisation.get_absolute_url()).content.decode()

    assert "Netzwerktreffen Frühjahr" in html
    assert "Anderes Treffen" not in html
    assert "Netzwerktreffen mit diesem Verein" in html
