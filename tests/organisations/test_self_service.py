import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from organisations import services
from organisations.models import ChangeRequest, Membership, Organisation
from tests.factories import MembershipFactory, UserFactory
from tests.organisations.factories import DirectoryOrganisationFactory, category

pytestmark = pytest.mark.django_db


def png_bytes(size=(40, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "blue").save(buffer, format="PNG")
    return buffer.getvalue()


def entry_data(**overrides):
    data = {
        "name": "Neuer Kulturverein Sennestadt",
        "short_name": "NKS",
        "legal_form": "ev",
        "founded_year": "2010",
        "description": "Wir treffen uns zum Singen.",
        "activities": "Chor und Tanz.",
        "offers": [category("kultur").pk],
        "target_groups": "alle",
        "languages": ["tr", "de"],
        "origins": ["TR"],
        "community": "",
        "street": "Musterweg 1",
        "postal_code": "33689",
        "city": "Bielefeld",
        "district": "sennestadt",
        "meeting_times": "samstags",
        "meeting_place": "Gemeindehaus",
        "email": "info@example.org",
        "phone": "0521 1234",
        "website": "https://example.org/",
        "logo_alt": "",
        "publication_consent": "on",
        "role": "Vorsitz",
    }
    data.update(overrides)
    return data


@pytest.fixture
def published(organisation):
    organisation.publication_consent = True
    organisation.description = "Alter Text"
    organisation.save()
    return organisation


# Permissions ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("view", ["edit", "confirm"])
def test_edit_and_confirm_need_an_approved_membership(
    client, published, representative, other_representative, staff, view
):
    url = f"/vereine/{published.slug}/{'bearbeiten' if view == 'edit' else 'bestaetigen'}/"
    method = client.get if view == "edit" else client.post
    assert method(url).status_code == 302  # anonymous: to the log-in
    client.force_login(other_representative)
    assert method(url).status_code == 404
    client.force_login(UserFactory())
    assert method(url).status_code == 404
    client.force_login(representative)
    assert method(url).status_code in {200, 302}
    requested = MembershipFactory(organisation=published, status=Membership.Status.REQUESTED).user
    client.force_login(requested)
    assert method(url).status_code == 404


def test_representative_of_a_cannot_edit_b_through_the_service(published, other_representative):
    from organisations.forms import OrganisationForm

    form = OrganisationForm(entry_data(), instance=published)
    assert form.is_valid(), form.errors
    with pytest.raises(services.PermissionDenied):
        services.submit_change(other_representative, published, form)


def test_propose_requires_login(client):
    response = client.get("/vereine/eintragen/")
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


# Propose, request, moderate ------------------------------------------------------------------------


def test_propose_a_new_entry_and_publish_it(client, user, staff, settings):
    settings.PORTAL_STAFF_EMAILS = ["ki@example.org"]
    client.force_login(user)
    response = client.post("/vereine/eintragen/", entry_data())
    assert response.status_code == 200, response.context["form"].errors
    organisation = Organisation.objects.get(name="Neuer Kulturverein Sennestadt")
    assert organisation.status == Organisation.Status.PENDING
    assert organisation.slug == "neuer-kulturverein-sennestadt"
    assert list(organisation.offers.values_list("slug", flat=True)) == ["kultur"]
    membership = Membership.objects.get(user=user, organisation=organisation)
    assert membership.status == Membership.Status.REQUESTED
    assert sorted(m.to[0] for m in mail.outbox) == sorted([user.email, "ki@example.org"])
    # Not public yet, but the proposer can see and still improve it.
    client.logout()
    assert client.get(organisation.get_absolute_url()).status_code == 404
    client.force_login(user)
    assert client.get(organisation.get_absolute_url()).status_code == 200
    assert client.get(f"/vereine/{organisation.slug}/bearbeiten/").status_code == 200

    mail.outbox.clear()
    services.publish_organisation(organisation, staff)
    organisation.refresh_from_db()
    membership.refresh_from_db()
    assert organisation.status == Organisation.Status.PUBLISHED
    assert membership.status == Membership.Status.APPROVED
    assert [m.to for m in mail.outbox] == [[user.email]]
    client.logout()
    assert client.get(organisation.get_absolute_url()).status_code == 200


def test_propose_without_consent_or_with_bad_input_keeps_what_was_typed(client, user):
    client.force_login(user)
    data = entry_data(publication_consent="", postal_code="12", founded_year="1200", email="kein-mail")
    response = client.post("/vereine/eintragen/", data)
    assert response.status_code == 200
    form = response.context["form"]
    assert {"publication_consent", "postal_code", "founded_year", "email"} <= form.errors.keys()
    content = response.content.decode()
    assert "error-summary" in content
    assert "Neuer Kulturverein Sennestadt" in content
    assert not Organisation.objects.filter(name="Neuer Kulturverein Sennestadt").exists()


def test_reject_a_proposal_sends_the_reason(user, staff):
    organisation = DirectoryOrganisationFactory(status=Organisation.Status.PENDING)
    MembershipFactory(user=user, organisation=organisation, status=Membership.Status.REQUESTED)
    services.reject_organisation(organisation, staff, "Bitte die Adresse ergänzen.")
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.DRAFT
    assert "Bitte die Adresse ergänzen." in mail.outbox[-1].body


def test_membership_request_and_decisions(client, published, user, staff, settings):
    settings.PORTAL_STAFF_EMAILS = ["ki@example.org"]
    client.force_login(user)
    detail = client.get(published.get_absolute_url()).content.decode()
    assert f"/vereine/{published.slug}/vertreten/" in detail
    response = client.post(f"/vereine/{published.slug}/vertreten/", {"role": "", "message": ""})
    assert response.status_code == 200 and "role" in response.context["form"].errors
    response = client.post(
        f"/vereine/{published.slug}/vertreten/", {"role": "Kassenwart", "message": "Hallo"}
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=user, organisation=published)
    assert membership.status == Membership.Status.REQUESTED
    assert mail.outbox[-1].to == ["ki@example.org"]
    # Not yet allowed to edit
    assert client.get(f"/vereine/{published.slug}/bearbeiten/").status_code == 404

    services.decide_membership(membership, staff, approve=False, reason="Unbekannt im Vorstand.")
    assert "Unbekannt im Vorstand." in mail.outbox[-1].body
    assert mail.outbox[-1].to == [user.email]
    dashboard = client.get("/mein-bereich/").content.decode()
    assert "Unbekannt im Vorstand." in dashboard
    # A rejected request may be made again, and approved.
    client.post(f"/vereine/{published.slug}/vertreten/", {"role": "Kassenwart", "message": ""})
    membership.refresh_from_db()
    assert membership.status == Membership.Status.REQUESTED
    services.decide_membership(membership, staff, approve=True)
    assert client.get(f"/vereine/{published.slug}/bearbeiten/").status_code == 200


def test_decisions_need_staff(published, user):
    membership = MembershipFactory(organisation=published, status=Membership.Status.REQUESTED)
    with pytest.raises(services.PermissionDenied):
        services.decide_membership(membership, user, approve=True)


# Edits of a published entry ------------------------------------------------------------------------


def test_edit_of_a_published_entry_waits_for_approval(client, published, representative, staff, settings):
    settings.PORTAL_STAFF_EMAILS = ["ki@example.org"]
    client.force_login(representative)
    data = entry_data(name=published.name, description="Neuer Text", languages=["ar"])
    response = client.post(f"/vereine/{published.slug}/bearbeiten/", data)
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.description == "Alter Text"  # still the public version
    change = ChangeRequest.objects.get(organisation=published)
    assert change.status == ChangeRequest.Status.PENDING
    assert mail.outbox[-1].to == ["ki@example.org"]

    # Nothing typed is lost: the form shows the waiting change, and a second edit updates it.
    form = client.get(f"/vereine/{published.slug}/bearbeiten/").context["form"]
    assert form.initial["description"] == "Neuer Text"
    client.post(f"/vereine/{published.slug}/bearbeiten/", {**data, "description": "Noch neuer"})
    assert ChangeRequest.objects.filter(organisation=published).count() == 1
    change.refresh_from_db()
    assert change.data["description"] == "Noch neuer"

    diff = services.change_diff(change)
    assert ("Kurzbeschreibung", "Alter Text", "Noch neuer") in diff
    assert any(row[2] == "Arabisch" for row in diff)
    assert all(old != new for _, old, new in diff)

    mail.outbox.clear()
    services.approve_change(change, staff)
    published.refresh_from_db()
    assert published.description == "Noch neuer"
    assert published.languages == ["ar"]
    assert list(published.offers.values_list("slug", flat=True)) == ["kultur"]
    assert mail.outbox[-1].to == [representative.email]
    assert published.history.count() >= 2


def test_rejected_change_keeps_the_public_version(published, representative, staff):
    change = ChangeRequest.objects.create(
        organisation=published, submitted_by=representative, data={"description": "Falsch"}
    )
    services.reject_change(change, staff, "Bitte sachlich bleiben.")
    published.refresh_from_db()
    assert published.description == "Alter Text"
    assert "Bitte sachlich bleiben." in mail.outbox[-1].body
    with pytest.raises(services.ValidationError):
        services.approve_change(change, staff)


def test_withdrawn_consent_takes_the_entry_offline_when_approved(client, published, representative, staff):
    client.force_login(representative)
    data = entry_data(name=published.name, publication_consent="")
    assert client.post(f"/vereine/{published.slug}/bearbeiten/", data).status_code == 302
    services.approve_change(ChangeRequest.objects.get(organisation=published), staff)
    published.refresh_from_db()
    assert published.status == Organisation.Status.DRAFT
    client.logout()
    assert client.get(published.get_absolute_url()).status_code == 404


def test_confirm_entry(client, published, representative):
    client.force_login(representative)
    assert client.post(f"/vereine/{published.slug}/bestaetigen/").status_code == 302
    published.refresh_from_db()
    assert published.confirmed_at is not None
    assert not published.is_stale


# Logos ---------------------------------------------------------------------------------------------


def test_logo_upload_through_a_change(client, published, representative, staff, settings):
    settings.PORTAL_STAFF_REQUIRE_MFA = False
    client.force_login(representative)
    logo = SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png")
    data = entry_data(name=published.name, logo=logo, logo_alt="Blaues Quadrat")
    response = client.post(f"/vereine/{published.slug}/bearbeiten/", data)
    assert response.status_code == 302
    change = ChangeRequest.objects.get(organisation=published)
    assert change.logo
    # Until approved, the logo is private: only staff see it.
    url = f"/vereine/aenderungen/{change.pk}/logo/"
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
    client.force_login(staff)
    assert client.get(url).status_code == 200
    admin_page = client.get(f"/admin/organisations/changerequest/{change.pk}/change/").content.decode()
    assert url in admin_page
    services.approve_change(change, staff)
    published.refresh_from_db()
    assert published.logo and published.logo_alt == "Blaues Quadrat"
    detail = client.get(published.get_absolute_url()).content.decode()
    assert 'alt="Blaues Quadrat"' in detail


@pytest.mark.parametrize(
    ("content", "name", "field"),
    [
        (png_bytes((40, 40)) + b"0" * (2 * 1024 * 1024), "gross.png", "logo"),
        (b"%PDF-1.4 not an image at all", "logo.png", "logo"),
        (png_bytes(), "logo.png", "logo_alt"),
    ],
)
def test_bad_logos_get_a_clear_message(client, published, representative, content, name, field):
    client.force_login(representative)
    logo = SimpleUploadedFile(name, content, content_type="image/png")
    response = client.post(
        f"/vereine/{published.slug}/bearbeiten/", entry_data(name=published.name, logo=logo)
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not ChangeRequest.objects.exists()


def test_dashboard_lists_organisations_and_requests(client, published, representative):
    pending = DirectoryOrganisationFactory(name="Wartender Verein")
    MembershipFactory(user=representative, organisation=pending, status=Membership.Status.REQUESTED)
    client.force_login(representative)
    content = client.get("/mein-bereich/").content.decode()
    assert published.name in content
    assert f"/vereine/{published.slug}/bearbeiten/" in content
    assert "Wartender Verein" in content
    assert f"/vereine/{pending.slug}/bearbeiten/" not in content


def test_stale_entries_are_reminded_once_a_month(published, representative):
    from django.core.management import call_command
    from django.utils import timezone

    now = timezone.now()
    Organisation.objects.filter(pk=published.pk).update(confirmed_at=now - timezone.timedelta(days=400))
    fresh = DirectoryOrganisationFactory(confirmed_at=now)
    MembershipFactory(organisation=fresh)
    orphan = DirectoryOrganisationFactory(confirmed_at=None)  # nobody to remind
    call_command("remind_stale_organisations", stdout=io.StringIO())
    assert [m.to for m in mail.outbox] == [[representative.email]]
    assert published.name in mail.outbox[0].subject
    history = published.history.count()
    assert services.remind_stale_organisations() == 0  # not again within a month
    assert services.remind_stale_organisations(now + timezone.timedelta(days=31)) == 1
    published.refresh_from_db()
    assert published.history.count() == history
    orphan.refresh_from_db()
    assert orphan.reminded_at is None


def test_a_mere_membership_request_gives_no_access_to_an_entry_sent_back_to_draft(
    client, published, representative, staff
):
    requester = MembershipFactory(organisation=published, status=Membership.Status.REQUESTED).user
    services.reject_organisation(published, staff, "Bitte ergänzen")
    client.force_login(requester)
    assert client.get(f"/vereine/{published.slug}/").status_code == 404
    assert client.get(f"/vereine/{published.slug}/bearbeiten/").status_code == 404
    assert client.post(f"/vereine/{published.slug}/bearbeiten/", entry_data()).status_code == 404
    assert not services.can_edit(requester, published)
    # "My area" links neither the entry nor its edit form for the mere requester.
    dashboard = client.get(reverse("portal:dashboard")).content.decode()
    assert published.name in dashboard
    assert f"/vereine/{published.slug}/" not in dashboard
    client.force_login(representative)
    assert client.get(f"/vereine/{published.slug}/bearbeiten/").status_code == 200


def test_edit_of_an_archived_entry_waits_for_staff(client, published, representative, staff, settings):
    settings.PORTAL_STAFF_EMAILS = ["ki@example.org"]
    services.archive_organisation(published, staff)
    client.force_login(representative)
    data = entry_data(name=published.name, description="Wir sind wieder da")
    response = client.post(f"/vereine/{published.slug}/bearbeiten/", data, follow=True)
    assert "Der Eintrag ist archiviert" in response.content.decode()
    published.refresh_from_db()
    assert published.status == Organisation.Status.ARCHIVED
    assert published.description == "Alter Text"
    change = ChangeRequest.objects.get(organisation=published)
    assert change.data["description"] == "Wir sind wieder da"
    assert mail.outbox[-1].to == ["ki@example.org"]


def test_moderation_refuses_entries_in_the_wrong_status_without_mails(published, user, staff):
    with pytest.raises(ValidationError):
        services.publish_organisation(published, staff)
    services.reject_organisation(published, staff, "Bitte ergänzen")
    mail.outbox.clear()
    with pytest.raises(ValidationError):
        services.reject_organisation(published, staff, "Nochmal")
    services.archive_organisation(published, staff)
    with pytest.raises(ValidationError):
        services.archive_organisation(published, staff)
    with pytest.raises(ValidationError):
        services.publish_organisation(published, staff)
    with pytest.raises(ValidationError):
        services.reject_organisation(published, staff, "Nochmal")
    membership = MembershipFactory(organisation=published, user=user, status=Membership.Status.REQUESTED)
    services.decide_membership(membership, staff, approve=True)
    mail.outbox.clear()
    with pytest.raises(ValidationError):
        services.decide_membership(membership, staff, approve=True)
    published.refresh_from_db()
    assert published.status == Organisation.Status.ARCHIVED
    assert mail.outbox == []
