import csv
import io
import json

import pytest
from django.core import mail
from django.utils import timezone
from openpyxl import load_workbook

from organisations.exports import OPEN_DATA_FIELDS
from organisations.models import ChangeRequest, Membership, Organisation
from tests.factories import MembershipFactory
from tests.organisations.factories import DirectoryOrganisationFactory, category

pytestmark = pytest.mark.django_db

ADMIN = "/admin/organisations/"


def test_admin_pages_for_staff(staff_client, organisation):
    for url in [
        f"{ADMIN}organisation/",
        f"{ADMIN}organisation/?stale=yes",
        f"{ADMIN}organisation/?pending_change=yes",
        f"{ADMIN}organisation/?status__exact=pending",
        f"{ADMIN}organisation/{organisation.pk}/change/",
        f"{ADMIN}organisation/{organisation.pk}/history/",
        f"{ADMIN}membership/",
        f"{ADMIN}changerequest/",
        f"{ADMIN}offercategory/",
    ]:
        assert staff_client.get(url).status_code == 200, url


def test_admin_is_closed_to_representatives(client, representative):
    client.force_login(representative)
    assert client.get(f"{ADMIN}organisation/").status_code == 302


def test_stale_filter(staff_client):
    DirectoryOrganisationFactory(name="Frisch", confirmed_at=timezone.now())
    DirectoryOrganisationFactory(name="Alt", confirmed_at=timezone.now() - timezone.timedelta(days=400))
    DirectoryOrganisationFactory(name="Nie", confirmed_at=None)
    response = staff_client.get(f"{ADMIN}organisation/", {"stale": "yes"})
    assert sorted(o.name for o in response.context["cl"].result_list) == ["Alt", "Nie"]


def test_publish_action(staff_client, user):
    organisation = DirectoryOrganisationFactory(status=Organisation.Status.PENDING)
    proposer = MembershipFactory(
        user=user, organisation=organisation, status=Membership.Status.REQUESTED, proposed_entry=True
    )
    stranger = MembershipFactory(organisation=organisation, status=Membership.Status.REQUESTED)
    no_consent = DirectoryOrganisationFactory(status=Organisation.Status.PENDING, publication_consent=False)
    response = staff_client.post(
        f"{ADMIN}organisation/",
        {"action": "publish", "_selected_action": [organisation.pk, no_consent.pk]},
        follow=True,
    )
    assert response.status_code == 200
    organisation.refresh_from_db()
    no_consent.refresh_from_db()
    assert organisation.status == Organisation.Status.PUBLISHED
    assert no_consent.status == Organisation.Status.PENDING
    proposer.refresh_from_db()
    stranger.refresh_from_db()
    assert proposer.status == Membership.Status.APPROVED
    assert stranger.status == Membership.Status.REQUESTED  # needs its own decision
    assert mail.outbox[-1].to == [user.email]


def test_reject_membership_asks_for_a_reason_and_mails_it(staff_client):
    membership = MembershipFactory(status=Membership.Status.REQUESTED)
    url = f"{ADMIN}membership/"
    first = staff_client.post(url, {"action": "reject", "_selected_action": [membership.pk]})
    assert first.status_code == 200
    assert b'name="reason"' in first.content
    empty = staff_client.post(url, {"action": "reject", "_selected_action": [membership.pk], "apply": "1"})
    assert empty.status_code == 200
    membership.refresh_from_db()
    assert membership.status == Membership.Status.REQUESTED
    staff_client.post(
        url,
        {"action": "reject", "_selected_action": [membership.pk], "apply": "1", "reason": "Nicht bekannt."},
    )
    membership.refresh_from_db()
    assert membership.status == Membership.Status.REJECTED
    assert membership.reason == "Nicht bekannt."
    assert "Nicht bekannt." in mail.outbox[-1].body


def test_approve_membership_action(staff_client):
    membership = MembershipFactory(status=Membership.Status.REQUESTED)
    staff_client.post(f"{ADMIN}membership/", {"action": "approve", "_selected_action": [membership.pk]})
    membership.refresh_from_db()
    assert membership.status == Membership.Status.APPROVED
    assert mail.outbox[-1].to == [membership.user.email]


def test_change_request_shows_a_field_by_field_diff_and_is_approved(
    staff_client, representative, organisation
):
    organisation.description = "Alt"
    organisation.save()
    change = ChangeRequest.objects.create(
        organisation=organisation,
        submitted_by=representative,
        data={"description": "Neu <b>", "name": organisation.name, "offers": [category("jugend").pk]},
    )
    content = staff_client.get(f"{ADMIN}changerequest/{change.pk}/change/").content.decode()
    assert "<del>Alt</del>" in content
    assert "<ins>Neu &lt;b&gt;</ins>" in content
    assert "Jugend" in content
    assert content.count("<tr><th scope='row'>") == 2  # name is unchanged
    staff_client.post(f"{ADMIN}changerequest/", {"action": "approve", "_selected_action": [change.pk]})
    organisation.refresh_from_db()
    assert organisation.description == "Neu <b>"
    assert mail.outbox[-1].to == [representative.email]


def test_staff_exports(staff_client):
    DirectoryOrganisationFactory(name="Export e.V.", offers=[category("kultur")], origins=["TR", "SY"])
    ids = list(Organisation.objects.values_list("pk", flat=True))
    response = staff_client.post(f"{ADMIN}organisation/", {"action": "export_csv", "_selected_action": ids})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert (
        rows[0]["name"] == "Export e.V."
        and rows[0]["offers"] == "kultur"
        and rows[0]["status"] == "published"
    )
    response = staff_client.post(f"{ADMIN}organisation/", {"action": "export_xlsx", "_selected_action": ids})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value == "Export e.V."


def test_open_data_contains_public_fields_only(client):
    DirectoryOrganisationFactory(name="Offen e.V.", origins=["TR"], languages=["tr"])
    response = client.get("/vereine/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert set(rows[0]) == set(OPEN_DATA_FIELDS)
    data = json.loads(client.get("/vereine/export.json").content)
    assert data["count"] == 1
    record = data["organisations"][0]
    assert set(record) == set(OPEN_DATA_FIELDS)
    for private in [
        "status",
        "publication_consent",
        "confirmed_at",
        "logo_alt",
        "search_vector",
        "memberships",
    ]:
        assert private not in record
    assert record["origins"] == ["TR"] and record["languages"] == ["tr"]


def test_detail_has_json_ld_and_vcard(client):
    organisation = DirectoryOrganisationFactory(
        name="Verein </script><script>alert(1)</script>",
        email="a@example.org",
        phone="0521 1",
        street="Weg 1",
        postal_code="33602",
    )
    content = client.get(organisation.get_absolute_url()).content.decode()
    start = content.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    payload = content[start : content.index("</script>", start)]
    data = json.loads(payload)
    assert data["@type"] == "Organization" and data["name"].startswith("Verein </script>")
    assert data["address"]["postalCode"] == "33602"
    vcard = client.get(f"/vereine/{organisation.slug}/vcard.vcf")
    assert vcard["Content-Type"].startswith("text/vcard")
    text = vcard.content.decode()
    assert text.startswith("BEGIN:VCARD\r\nVERSION:3.0\r\n") and "EMAIL;TYPE=INTERNET:a@example.org" in text


def test_pending_change_filter(staff_client, representative, organisation):
    DirectoryOrganisationFactory(name="Ohne Änderung")
    ChangeRequest.objects.create(organisation=organisation, submitted_by=representative, data={})
    response = staff_client.get(f"{ADMIN}organisation/", {"pending_change": "yes"})
    assert [o.name for o in response.context["cl"].result_list] == [organisation.name]


def test_exports_never_contain_formulas(staff_client, client):
    DirectoryOrganisationFactory(name='=HYPERLINK("http://example.org")', phone="+49 521 1234")
    ids = list(Organisation.objects.values_list("pk", flat=True))
    response = staff_client.post(f"{ADMIN}organisation/", {"action": "export_xlsx", "_selected_action": ids})
    cell = load_workbook(io.BytesIO(response.content)).active["A2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    rows = list(csv.DictReader(io.StringIO(client.get("/vereine/export.csv").content.decode())))
    assert rows[0]["name"].startswith("'=HYPERLINK")
    assert rows[0]["phone"] == "+49 521 1234"


def test_publish_and_archive_actions_explain_entries_in_the_wrong_status(staff_client):
    published = DirectoryOrganisationFactory(status=Organisation.Status.PUBLISHED, name="Schon Öffentlich")
    archived = DirectoryOrganisationFactory(status=Organisation.Status.ARCHIVED, name="Längst Archiviert")
    MembershipFactory(organisation=published, status=Membership.Status.APPROVED)
    MembershipFactory(organisation=archived, status=Membership.Status.APPROVED)
    response = staff_client.post(
        f"{ADMIN}organisation/",
        {"action": "publish", "_selected_action": [published.pk, archived.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert "Schon Öffentlich: Dieser Eintrag ist bereits veröffentlicht." in page
    assert "Längst Archiviert: Dieser Eintrag ist archiviert." in page
    archived.refresh_from_db()
    assert archived.status == Organisation.Status.ARCHIVED
    response = staff_client.post(
        f"{ADMIN}organisation/", {"action": "archive", "_selected_action": [archived.pk]}, follow=True
    )
    assert "Längst Archiviert: Dieser Eintrag ist bereits archiviert." in response.content.decode()
    assert mail.outbox == []
