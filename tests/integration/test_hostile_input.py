"""Random and hostile input on every public and representative form never causes a 500, and what is
typed comes back escaped. The fields are read from the rendered form, as a browser would send them."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import MembershipFactory, UserFactory
from tests.funding.factories import ApplicationFactory, ProgrammeFactory
from tests.html_forms import main_form
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
HOSTILE_TEXT = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            SCRIPT,
            '"><img src=x onerror=alert(1)>',
            "' OR 1=1; DROP TABLE portal_user; --",
            "\x00",
            "9" * 400,
            "-1",
            "1e309",
            "31.02.2026",
            "2026-13-45",
            "DE00 0000 0000 0000 0000 00",
            "Ünïcødé ٱلْعَرَبِيَّة 𝔘",
            "../../etc/passwd",
            "",
        ]
    ),
)
EXAMPLES = settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))


@pytest.fixture
def rep():
    membership = MembershipFactory()
    return membership


@pytest.fixture
def forms(rep):
    """(name, user, path) of every form a citizen or a representative fills in."""
    organisation = rep.organisation
    meeting = MeetingFactory()
    ProgrammeFactory()
    application = ApplicationFactory(organisation=organisation, created_by=rep.user)
    draft = f"/foerderung/antraege/{application.key}/"
    return [
        ("barrier report", None, "/barrierefreiheit/melden/"),
        ("propose an organisation", UserFactory(), "/vereine/eintragen/"),
        ("ask to represent", UserFactory(), f"{organisation.get_absolute_url()}vertreten/"),
        ("edit the entry", rep.user, f"{organisation.get_absolute_url()}bearbeiten/"),
        ("meeting registration", rep.user, f"/termine/{meeting.pk}/"),
        ("request a network meeting", rep.user, "/termine/netzwerk-anfragen/"),
        ("new application", rep.user, "/foerderung/antraege/"),
        ("applicant section", rep.user, draft + "antragsteller/"),
        ("project section", rep.user, draft + "projekt/"),
        ("cost and financing plan", rep.user, draft + "finanzplan/"),
        ("bank account", rep.user, draft + "bankverbindung/"),
        ("declarations", rep.user, draft + "erklaerungen/"),
    ]


def _form_of(client, path):
    """The form's action and fields, or None once an earlier example has moved the page on."""
    page = client.get(path)
    if page.status_code == 302:  # e.g. the membership was already requested
        return None
    assert page.status_code == 200, path
    form = main_form(page.content.decode())
    if form is None:  # e.g. already registered: the page offers only the cancel button
        return None
    return (form["action"] or path), form["fields"]


@given(hostile=st.lists(HOSTILE_TEXT, min_size=8, max_size=8), mask=st.integers(1, 255))
@EXAMPLES
def test_hostile_values_in_every_field(client, forms, hostile, mask):
    posted = 0
    for name, user, path in forms:
        client.logout()
        if user:
            client.force_login(user)
        form = _form_of(client, path)
        if form is None:
            continue
        action, fields = form
        # Field i gets hostile value i % 8 where bit i % 8 of the mask is set; the others keep what
        # the form offered, so each example mixes valid and hostile input.
        values = {
            field: hostile[i % 8] if field != "csrfmiddlewaretoken" and mask >> (i % 8) & 1 else value
            for i, (field, value) in enumerate(fields.items())
        }
        response = client.post(action, values)
        posted += 1
        assert response.status_code < 500, f"{name}: {response.status_code}"
        if response.status_code == 200:
            assert SCRIPT not in response.content.decode(), f"{name} echoes markup unescaped"
    # Only forms that an earlier example completed (registration, membership request) may drop out.
    assert posted >= len(forms) - 2


@given(query=HOSTILE_TEXT, page=HOSTILE_TEXT, extra=HOSTILE_TEXT)
@EXAMPLES
def test_hostile_query_strings_on_lists(client, query, page, extra):
    for path in ("/vereine/", "/termine/", "/fachtagungen/", "/termine/kalender.ics", "/foerderung/"):
        response = client.get(
            path,
            {"q": query, "seite": page, "page": page, "angebot": extra, "netzwerk": extra, "sort": extra},
        )
        assert response.status_code in (200, 404), f"{path}: {response.status_code}"
        if response["Content-Type"].startswith("text/html"):
            assert SCRIPT not in response.content.decode(), path
