"""Every URL of the portal, for every role, answers with the expected status.

The routes come from the URL resolver, so a new URL without an entry in EXPECTED fails this test.
"""

import datetime
from decimal import Decimal

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from funding import services
from funding.models import Application
from funding.workflow import State
from organisations.models import ChangeRequest
from portal.groups import EDITORIAL, FUNDING_CASEWORK, FUNDING_DECISIONS, NETWORK_COORDINATION
from tests.conferences.factories import DocumentFactory, PhotoFactory
from tests.factories import MembershipFactory, StaffFactory, UserFactory
from tests.funding.factories import ApplicationFactory, fill_in
from tests.meetings.factories import MeetingFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

PROJECT_NAMESPACES = {"portal", "organisations", "meetings", "funding", "conferences"}
ROLES = ("anonymous", "user", "rep_a", "rep_b", "coordination", "casework", "decisions", "editorial")
STAFF_GROUP_OF_ROLE = {
    "coordination": NETWORK_COORDINATION,
    "casework": FUNDING_CASEWORK,
    "decisions": FUNDING_DECISIONS,
    "editorial": EDITORIAL,
}
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
LOGIN = 302  # redirect to the log-in page
GET_NOT_ALLOWED = 405


def expect(default, **per_role):
    unknown = set(per_role) - set(ROLES)
    assert not unknown, unknown
    return {role: per_role.get(role, default) for role in ROLES}


STAFF_ONLY_NETWORK = expect(404, anonymous=LOGIN, coordination=200)
# An application, its PDFs and files: its organisation and the funding staff.
FUNDING_READ = expect(404, anonymous=LOGIN, rep_a=200, casework=200, decisions=200)

# route (as the resolver spells it, without the language prefix) -> expected status per role
EXPECTED = {
    "healthz": expect(200),
    "": expect(200),
    "netzwerk/": expect(200),
    "kontakt/": expect(200),
    "impressum/": expect(200),
    "datenschutz/": expect(200),
    "barrierefreiheit/": expect(200),
    "barrierefreiheit/melden/": expect(200),
    "barrierefreiheit/melden/danke/": expect(200),
    "leichte-sprache/": expect(200),
    "mein-bereich/": expect(200, anonymous=LOGIN),
    # organisations (<slug> is organisation A, published)
    "vereine/": expect(200),
    "vereine/eintragen/": expect(200, anonymous=LOGIN),
    "vereine/export.csv": expect(200),
    "vereine/export.json": expect(200),
    "vereine/<slug:slug>/": expect(200),
    "vereine/<slug:slug>/vcard.vcf": expect(200),
    "vereine/<slug:slug>/vertreten/": expect(200, anonymous=LOGIN, rep_a=302),  # A's own people are members
    "vereine/<slug:slug>/bearbeiten/": expect(404, anonymous=LOGIN, rep_a=200),
    "vereine/<slug:slug>/bestaetigen/": expect(GET_NOT_ALLOWED, anonymous=LOGIN),
    # A proposed logo waits in private storage: only the staff who review changes may see it.
    "vereine/aenderungen/<int:pk>/logo/": expect(404, anonymous=LOGIN, coordination=200),
    # meetings
    "termine/": expect(200),
    "termine/kalender.ics": expect(200),
    "termine/anwesenheit/": STAFF_ONLY_NETWORK,
    "termine/netzwerk-anfragen/": expect(403, anonymous=LOGIN, rep_a=200, rep_b=200),
    "termine/netzwerk-anfragen/danke/": expect(200, anonymous=LOGIN),
    "termine/<int:pk>/": expect(200),
    "termine/<int:pk>.ics": expect(200),
    "termine/<int:pk>/kalender.ics": expect(200),
    "termine/<int:pk>/anmelden/": expect(GET_NOT_ALLOWED),
    "termine/<int:pk>/abmelden/": expect(GET_NOT_ALLOWED),
    # Minutes are for representatives and staff, never for the public or accounts without an organisation.
    "termine/<int:pk>/protokoll/": expect(200, anonymous=LOGIN, user=404),
    "termine/<int:pk>/unterschriftenliste.pdf": STAFF_ONLY_NETWORK,
    "termine/<int:pk>/anwesenheit/": STAFF_ONLY_NETWORK,
    # conferences (a held conference; drafts are covered in tests/conferences)
    "fachtagungen/": expect(200),
    "fachtagungen/<int:year>-<slug:slug>/": expect(200),
    "fachtagungen/<int:year>-<slug:slug>/dokumente/<int:pk>/": expect(200),
    "fachtagungen/<int:year>-<slug:slug>/fotos/<int:pk>/": expect(200),
    # funding (<key> is a paid application of organisation A, with an attachment and a receipt)
    "foerderung/": expect(200),
    "foerderung/<int:year>/antragsformular.pdf": expect(200),
    "foerderung/antraege/": expect(200, anonymous=LOGIN),
    "foerderung/antraege/<str:key>/": FUNDING_READ,
    "foerderung/antraege/<str:key>/pruefen/": FUNDING_READ,
    "foerderung/antraege/<str:key>/antrag.pdf": FUNDING_READ,
    "foerderung/antraege/<str:key>/bescheid.pdf": FUNDING_READ,
    "foerderung/antraege/<str:key>/nachweis.pdf": FUNDING_READ,
    "foerderung/antraege/<str:key>/anlagen/<int:pk>/": FUNDING_READ,
    "foerderung/antraege/<str:key>/nachweis/belege/<int:pk>/": FUNDING_READ,
    # Only the applicant's organisation works on it; a paid application can no longer be edited or withdrawn.
    "foerderung/antraege/<str:key>/bestaetigung/": expect(404, anonymous=LOGIN, rep_a=200),
    "foerderung/antraege/<str:key>/nachweis/": expect(404, anonymous=LOGIN, rep_a=200),
    "foerderung/antraege/<str:key>/zurueckziehen/": expect(404, anonymous=LOGIN, rep_a=302),
    "foerderung/antraege/<str:key>/<slug:section>/": expect(404, anonymous=LOGIN, rep_a=302),
    "foerderung/antraege/<str:key>/anlagen/<int:pk>/entfernen/": expect(GET_NOT_ALLOWED, anonymous=LOGIN),
    "foerderung/antraege/<str:key>/nachweis/einreichen/": expect(GET_NOT_ALLOWED, anonymous=LOGIN),
    "foerderung/antraege/<str:key>/nachweis/belege/": expect(GET_NOT_ALLOWED, anonymous=LOGIN),
    "foerderung/antraege/<str:key>/nachweis/belege/<int:pk>/entfernen/": expect(
        GET_NOT_ALLOWED, anonymous=LOGIN
    ),
}


def project_routes():
    """(route, namespace) of every URL pattern of the project's own apps."""

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(
                    pattern.url_patterns, prefix + str(pattern.pattern), pattern.namespace or namespace
                )
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern), namespace

    for route, namespace in walk(get_resolver().url_patterns, "", None):
        if namespace in PROJECT_NAMESPACES or route == "healthz":
            yield route


@pytest.fixture
def world(settings):
    settings.PORTAL_STAFF_REQUIRE_MFA = True
    rep_a = MembershipFactory()
    rep_b = MembershipFactory()
    meeting = MeetingFactory()
    meeting.minutes.save("protokoll.pdf", ContentFile(b"%PDF-1.7\n%minutes\n"), save=True)
    RegistrationFactory(meeting=meeting, user=rep_a.user, organisation=rep_a.organisation)
    change = ChangeRequest.objects.create(organisation=rep_a.organisation, submitted_by=rep_a.user)
    change.logo.save("logo.png", ContentFile(PNG), save=True)
    document = DocumentFactory()
    photo = PhotoFactory(conference=document.conference)
    users = {"anonymous": None, "user": UserFactory(), "rep_a": rep_a.user, "rep_b": rep_b.user}
    for role, group in STAFF_GROUP_OF_ROLE.items():
        users[role] = StaffFactory(groups=[group])
    return {
        "users": users,
        "meeting": meeting,
        "organisation_a": rep_a.organisation,
        "change": change,
        "document": document,
        "photo": photo,
        "application": paid_application(rep_a.organisation),
    }


def paid_application(organisation):
    application = fill_in(ApplicationFactory(organisation=organisation))
    Application.objects.filter(pk=application.pk).update(
        state=State.PAID,
        reference="MSO-2026-0001",
        granted_amount=Decimal("900.00"),
        decided_at=timezone.now(),
        paid_on=timezone.localdate(),
    )
    application.refresh_from_db()
    services.add_receipt(
        application,
        date=datetime.date(2026, 10, 1),
        payee="Druckerei",
        purpose="Plakate",
        amount=Decimal("120.00"),
        uploaded_file=ContentFile(b"%PDF-1.4\n%receipt\n", name="beleg.pdf"),
    )
    return application


def fill(route: str, world) -> str:
    path = "/" + route
    if route.startswith("termine/"):
        path = path.replace("<int:pk>", str(world["meeting"].pk))
    if route.startswith("vereine/"):
        path = path.replace("<slug:slug>", world["organisation_a"].slug)
        path = path.replace("<int:pk>", str(world["change"].pk))
    if route.startswith("fachtagungen/"):
        conference = world["document"].conference
        path = path.replace("<int:year>", str(conference.year)).replace("<slug:slug>", conference.slug)
        path = path.replace("<int:pk>", str(world["photo" if "/fotos/" in route else "document"].pk))
    if route.startswith("foerderung/"):
        application = world["application"]
        path = path.replace("<int:year>", str(application.programme.year))
        path = path.replace("<str:key>", application.reference).replace("<slug:section>", "projekt")
        pk = (
            application.proof.receipts.get().pk if "/belege/" in route else application.attachments.first().pk
        )
        path = path.replace("<int:pk>", str(pk))
    assert "<" not in path, f"no parameters known for {route}"
    return path


def test_every_route_has_an_expectation():
    missing = sorted(set(project_routes()) - set(EXPECTED))
    assert not missing, f"add these routes to EXPECTED: {missing}"
    stale = sorted(set(EXPECTED) - set(project_routes()))
    assert not stale, f"these routes no longer exist: {stale}"


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(client, world, role):
    user = world["users"][role]
    if user:
        client.force_login(user)
    wrong = []
    for route in project_routes():
        path = fill(route, world)
        status = client.get(path).status_code
        if status != EXPECTED[route][role]:
            wrong.append(f"{path}: {status}, expected {EXPECTED[route][role]}")
    assert not wrong, f"{role}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("role", ROLES)
def test_admin_matrix(client, world, role):
    """Staff see exactly the admin lists their group's permissions allow; nobody else gets in."""
    user = world["users"][role]
    if user:
        client.force_login(user)
    wrong = []
    index = client.get(reverse("admin:index"), follow=True)
    expected_index = {"anonymous": 200}.get(role, 200 if role in STAFF_GROUP_OF_ROLE else 403)
    if index.status_code != expected_index:
        wrong.append(f"admin index (followed): {index.status_code}, expected {expected_index}")
    for model in admin.site._registry:
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        status = client.get(url).status_code
        if role not in STAFF_GROUP_OF_ROLE:
            expected = LOGIN  # to the log-in page, which refuses accounts that are not staff
        else:
            allowed = any(
                user.has_perm(f"{opts.app_label}.{a}_{opts.model_name}") for a in ("view", "change")
            )
            expected = 200 if allowed else 403
        if status != expected:
            wrong.append(f"{url}: {status}, expected {expected}")
    assert not wrong, f"{role}:\n" + "\n".join(wrong)


def test_staff_groups_can_reach_their_work():
    """The groups are not empty shells: each reaches the lists its work is about."""
    from django.contrib.auth.models import Group

    def can_view(group_name, app_label, model):
        return (
            Group.objects.get(name=group_name)
            .permissions.filter(content_type__app_label=app_label, codename=f"view_{model}")
            .exists()
        )

    assert can_view(NETWORK_COORDINATION, "meetings", "meeting")
    assert can_view(NETWORK_COORDINATION, "organisations", "organisation")
    assert can_view(EDITORIAL, "portal", "page")
    assert can_view(FUNDING_CASEWORK, "organisations", "organisation")
