import io
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse
from pypdf import PdfReader

from funding import services
from funding.models import Application
from funding.workflow import Action, State
from portal.groups import FUNDING_CASEWORK, FUNDING_DECISIONS
from tests.factories import MembershipFactory, OrganisationFactory, StaffFactory
from tests.funding.factories import ApplicationFactory, ProgrammeFactory, fill_in

pytestmark = pytest.mark.django_db


def pdf_text(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def reviewer(settings):
    settings.PORTAL_STAFF_REQUIRE_MFA = False
    return StaffFactory(groups=[FUNDING_CASEWORK])


@pytest.fixture
def decider(settings):
    settings.PORTAL_STAFF_REQUIRE_MFA = False
    return StaffFactory(groups=[FUNDING_DECISIONS])


@pytest.fixture
def in_review(organisation, representative, reviewer):
    application = services.transition(
        fill_in(ApplicationFactory(organisation=organisation)), Action.SUBMIT, representative
    )
    return services.transition(application, Action.START_REVIEW, reviewer)


def transition_url(application, action):
    return reverse("admin:funding_application_transition", args=[application.pk, action])


def test_admin_offers_only_the_steps_the_staff_member_may_take(client, in_review, reviewer, decider):
    change = reverse("admin:funding_application_change", args=[in_review.pk])
    client.force_login(reviewer)
    page = client.get(change).content.decode()
    assert transition_url(in_review, Action.REQUEST_CHANGES) in page
    assert transition_url(in_review, Action.APPROVE) not in page
    assert client.get(transition_url(in_review, Action.APPROVE)).status_code == 403
    client.force_login(decider)
    page = client.get(change).content.decode()
    assert transition_url(in_review, Action.APPROVE) in page
    assert transition_url(in_review, Action.APPROVE_PARTIALLY) in page


def test_change_request_resubmission_and_what_changed(
    client, in_review, reviewer, representative, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            transition_url(in_review, Action.REQUEST_CHANGES), {"message": "Bitte den Titel präzisieren."}
        )
    assert response.status_code == 302
    in_review.refresh_from_db()
    assert in_review.state == State.CHANGES_REQUESTED
    assert "Bitte den Titel präzisieren." in mailoutbox[-1].body

    client.force_login(representative)
    assert "Bitte den Titel präzisieren." in client.get(in_review.get_absolute_url()).content.decode()
    project = reverse("funding:section", kwargs={"key": in_review.key, "section": "projekt"})
    form = client.get(project).context["form"]
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data.update(title="Sprachcafé am Kesselbrink für Familien", not_started="on", area="education")
    data["start_date"], data["end_date"] = in_review.start_date.isoformat(), in_review.end_date.isoformat()
    assert client.post(project, data).status_code == 302
    response = client.post(reverse("funding:check", kwargs={"key": in_review.key}))
    in_review.refresh_from_db()
    assert in_review.state == State.SUBMITTED
    assert in_review.reference == response.url.split("/")[-3]

    client.force_login(reviewer)
    page = client.get(reverse("admin:funding_application_change", args=[in_review.pk])).content.decode()
    assert "Sprachcafé am Kesselbrink für Familien" in page and "Sprachcafé am Kesselbrink</td>" in page


def test_partial_approval_with_decision_letter(
    client, in_review, decider, representative, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(decider)
    address = transition_url(in_review, Action.APPROVE_PARTIALLY)
    response = client.post(
        address,
        {"granted_amount": "1200", "financing_type": "fixed_amount", "proof_due_on": "2027-06-30"},
    )
    assert response.status_code == 200 and "1000" in response.content.decode()  # above the request
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            address,
            {"granted_amount": "750,00", "financing_type": "fixed_amount", "proof_due_on": "2027-06-30"},
        )
    assert response.status_code == 302
    in_review.refresh_from_db()
    assert in_review.state == State.PARTIALLY_APPROVED and in_review.granted_amount == Decimal("750.00")
    name, content, mimetype = mailoutbox[-1].attachments[0]
    assert name == f"Bescheid-{in_review.reference}.pdf"
    text = pdf_text(content)
    assert in_review.reference in text and "750,00" in text and "Zuwendungsbescheid" in text

    client.force_login(representative)
    letter = client.get(reverse("funding:decision_pdf", kwargs={"key": in_review.key}))
    assert letter.status_code == 200 and "750,00" in pdf_text(letter.content)


def test_decision_letter_only_for_decided_and_own(client, in_review, other_representative, representative):
    client.force_login(representative)
    assert client.get(reverse("funding:decision_pdf", kwargs={"key": in_review.key})).status_code == 404
    in_review.decided_at = in_review.submitted_at
    in_review.save()
    client.force_login(other_representative)
    assert client.get(reverse("funding:decision_pdf", kwargs={"key": in_review.key})).status_code == 404


def test_rejection_needs_a_reason_and_records_it(in_review, decider):
    with pytest.raises(Exception):  # noqa: B017 - ValidationError, message checked below
        services.transition(in_review, Action.REJECT, decider)
    rejected = services.transition(in_review, Action.REJECT, decider, message="Kein Bezug zu Bielefeld.")
    assert rejected.state == State.REJECTED and rejected.decision_reason == "Kein Bezug zu Bielefeld."
    assert "Kein Bezug zu Bielefeld." in pdf_text(services.decision_pdf(rejected))


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_decisions_never_exceed_the_budget(settings):
    programme = ProgrammeFactory(budget=Decimal("1500.00"))
    organisation = OrganisationFactory()
    MembershipFactory(organisation=organisation)
    deciders = [StaffFactory(groups=[FUNDING_DECISIONS]) for _ in range(2)]
    applications = [
        fill_in(
            ApplicationFactory(
                organisation=organisation,
                programme=programme,
                state=State.IN_REVIEW,
                reference=f"MSO-1999-000{i}",
            ),
            attachments=False,
        )
        for i in range(2)
    ]
    barrier = threading.Barrier(2)
    outcomes = []

    def decide(application, decider):
        try:
            barrier.wait()
            services.transition(application, Action.APPROVE, decider)
            outcomes.append("approved")
        except Exception as error:  # noqa: BLE001 - the refusal is the expected outcome for one
            outcomes.append(type(error).__name__)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=pair) for pair in zip(applications, deciders, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ValidationError", "approved"]
    granted = services.granted_total(programme)
    assert granted == Decimal("1000.00") <= programme.budget
    assert Application.objects.filter(state=State.APPROVED).count() == 1
