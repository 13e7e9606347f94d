import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from funding import services
from funding.models import Application, ApplicationEvent, ProofOfUse
from funding.workflow import TRANSITIONS, Action, State
from portal.groups import FUNDING_CASEWORK, FUNDING_DECISIONS
from tests.factories import MembershipFactory, StaffFactory
from tests.funding.factories import ApplicationFactory, ProgrammeFactory, fill_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(organisation):
    return fill_in(ApplicationFactory(organisation=organisation))


def test_submit_assigns_reference_writes_history_and_mails_the_pdf(
    application, representative, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submitted = services.transition(application, Action.SUBMIT, representative)
    assert submitted.state == State.SUBMITTED
    assert submitted.reference == f"MSO-{application.programme.year}-0001"
    event = ApplicationEvent.objects.get(application=application)
    assert (event.action, event.from_state, event.to_state, event.actor) == (
        Action.SUBMIT,
        State.DRAFT,
        State.SUBMITTED,
        representative,
    )
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert submitted.reference in mail.subject
    (filename, content, mimetype) = mail.attachments[0]
    assert mimetype == "application/pdf" and content.startswith(b"%PDF")
    assert filename == f"Antrag-{submitted.reference}.pdf"


def test_references_count_per_year_without_gaps(representative, organisation):
    first = fill_in(ApplicationFactory(organisation=organisation))
    second = fill_in(ApplicationFactory(organisation=organisation, programme=first.programme))
    services.transition(first, Action.SUBMIT, representative)
    services.transition(second, Action.SUBMIT, representative)
    other_year = fill_in(ApplicationFactory(organisation=organisation))
    services.transition(other_year, Action.SUBMIT, representative)
    year = first.programme.year
    assert sorted(Application.objects.values_list("reference", flat=True)) == sorted(
        [f"MSO-{year}-0001", f"MSO-{year}-0002", f"MSO-{other_year.programme.year}-0001"]
    )


def test_incomplete_application_cannot_be_submitted(organisation, representative):
    application = ApplicationFactory(organisation=organisation)
    with pytest.raises(ValidationError) as error:
        services.transition(application, Action.SUBMIT, representative)
    assert any("Projekt" in m or "Project" in m for m in error.value.messages)
    application.refresh_from_db()
    assert application.state == State.DRAFT and application.reference is None


def test_applications_outside_the_programme_period_are_refused(organisation, representative):
    today = timezone.localdate()
    closed = ProgrammeFactory(
        opens_on=today - datetime.timedelta(days=60), closes_on=today - datetime.timedelta(days=1)
    )
    with pytest.raises(ValidationError):
        services.create_application(representative, closed, organisation)
    late = fill_in(ApplicationFactory(organisation=organisation, programme=closed))
    with pytest.raises(ValidationError):
        services.transition(late, Action.SUBMIT, representative)
    future = ProgrammeFactory(
        opens_on=today + datetime.timedelta(days=1), closes_on=today + datetime.timedelta(days=9)
    )
    with pytest.raises(ValidationError):
        services.create_application(representative, future, organisation)


def test_plan_must_balance_and_stay_below_the_maximum(organisation):
    programme = ProgrammeFactory(max_grant=Decimal("1000.00"))
    problems = services.plan_problems(Decimal("1500.00"), Decimal("1400.00"), Decimal("900.00"), programme)
    assert len(problems) == 1 and "1500,00" in problems[0]
    problems = services.plan_problems(Decimal("1500.00"), Decimal("1500.00"), Decimal("1000.01"), programme)
    assert len(problems) == 1 and "1000,00" in problems[0]
    assert services.plan_problems(Decimal("1500.00"), Decimal("1500.00"), Decimal("1000.00"), programme) == []
    application = fill_in(
        ApplicationFactory(organisation=organisation, programme=programme), requested="1200.00"
    )
    assert services.submission_problems(application)


def test_withdraw_before_a_decision(
    application, representative, mailoutbox, django_capture_on_commit_callbacks
):
    services.transition(application, Action.SUBMIT, representative)
    with django_capture_on_commit_callbacks(execute=True):
        withdrawn = services.transition(application, Action.WITHDRAW, representative, message="Doppelt")
    assert withdrawn.state == State.WITHDRAWN
    assert withdrawn.events.last().message == "Doppelt"
    assert "zurückgezogen" in mailoutbox[-1].subject or "withdrawn" in mailoutbox[-1].subject


@pytest.fixture
def known_organisation(organisation):
    """The organisation applied before, so no first-time documents are required."""
    ApplicationFactory(
        organisation=organisation,
        programme=ProgrammeFactory(year=2000),
        state=State.CLOSED,
        reference="MSO-2000-0001",
    )
    return organisation


def _users(organisation):
    return {
        "applicant": MembershipFactory(organisation=organisation).user,
        "other_representative": MembershipFactory().user,
        "reviewer": StaffFactory(groups=[FUNDING_CASEWORK]),
        "decider": StaffFactory(groups=[FUNDING_DECISIONS]),
        "staff_without_group": StaffFactory(),
    }


# Which of the users above may take which action (from a source state of that action).
ALLOWED = {
    "applicant": {Action.SUBMIT, Action.RESUBMIT, Action.WITHDRAW, Action.SUBMIT_PROOF},
    "reviewer": {Action.START_REVIEW, Action.REQUEST_CHANGES, Action.REQUEST_PROOF_CHANGES, Action.CLOSE},
    "decider": {
        Action.START_REVIEW,
        Action.REQUEST_CHANGES,
        Action.REQUEST_PROOF_CHANGES,
        Action.CLOSE,
        Action.APPROVE,
        Action.APPROVE_PARTIALLY,
        Action.REJECT,
        Action.RECORD_PAYMENT,
    },
    "other_representative": set(),
    "staff_without_group": set(),
}
DATA = {
    Action.REQUEST_CHANGES: {"message": "Bitte Kostenplan erläutern"},
    Action.REQUEST_PROOF_CHANGES: {"message": "Belege fehlen"},
    Action.REJECT: {"message": "Nicht förderfähig"},
    Action.APPROVE_PARTIALLY: {"granted_amount": "500.00"},
}


@pytest.mark.parametrize("state", list(State))
@pytest.mark.parametrize("action", list(Action))
def test_every_transition_for_every_role_and_state(known_organisation, state, action):
    organisation = known_organisation
    users = _users(organisation)
    spec = TRANSITIONS[action]
    application = fill_in(ApplicationFactory(organisation=organisation), attachments=False)
    if action == Action.SUBMIT_PROOF:
        proof = ProofOfUse.objects.create(application=application, report="Bericht", actual_participants=9)
        proof.lines.create(category="fees", amount=Decimal("900.00"))
        proof.receipts.create(
            date=datetime.date(2026, 5, 1), payee="A", purpose="B", amount=Decimal("900.00")
        )
    reference = None if state in (State.DRAFT, State.WITHDRAWN) else f"MSO-1999-{application.pk:04d}"
    for role, user in users.items():
        Application.objects.filter(pk=application.pk).update(
            state=state, reference=reference, granted_amount=None
        )
        application.events.all().delete()
        application.refresh_from_db()
        allowed = action in ALLOWED[role] and state in spec.sources
        assert (action in services.available_actions(user, application)) == allowed, (role, state, action)
        if allowed:
            result = services.transition(application, action, user, **DATA.get(action, {}))
            assert result.state == spec.target
            assert result.events.get().to_state == spec.target
        else:
            with pytest.raises(services.TransitionNotAllowed):
                services.transition(application, action, user, **DATA.get(action, {}))
            application.refresh_from_db()
            assert application.state == state


def test_request_changes_needs_a_message(organisation):
    application = fill_in(
        ApplicationFactory(organisation=organisation, state=State.IN_REVIEW, reference="MSO-1999-0001")
    )
    reviewer = StaffFactory(groups=[FUNDING_CASEWORK])
    with pytest.raises(ValidationError):
        services.transition(application, Action.REQUEST_CHANGES, reviewer, message=" ")


def test_decisions_stay_within_the_budget(organisation):
    programme = ProgrammeFactory(budget=Decimal("1500.00"))
    decider = StaffFactory(groups=[FUNDING_DECISIONS])
    first, second = (
        fill_in(
            ApplicationFactory(
                organisation=organisation, programme=programme, state=State.IN_REVIEW, reference=ref
            ),
            attachments=False,
        )
        for ref in ("MSO-1999-0001", "MSO-1999-0002")
    )
    services.transition(first, Action.APPROVE, decider)
    assert Application.objects.get(pk=first.pk).granted_amount == Decimal("1000.00")
    with pytest.raises(ValidationError, match="500"):
        services.transition(second, Action.APPROVE, decider)
    with pytest.raises(ValidationError):
        services.transition(second, Action.APPROVE_PARTIALLY, decider, granted_amount="1000.00")
    partial = services.transition(second, Action.APPROVE_PARTIALLY, decider, granted_amount="500.00")
    assert partial.state == State.PARTIALLY_APPROVED and partial.granted_amount == Decimal("500.00")


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_get_unique_gap_free_references():
    from tests.factories import OrganisationFactory

    organisation = OrganisationFactory()
    ApplicationFactory(
        organisation=organisation,
        programme=ProgrammeFactory(year=2000),
        state=State.CLOSED,
        reference="MSO-2000-0001",
    )
    representative = MembershipFactory(organisation=organisation).user
    programme = ProgrammeFactory()
    applications = [
        fill_in(ApplicationFactory(organisation=organisation, programme=programme), attachments=False)
        for _ in range(8)
    ]
    barrier = threading.Barrier(len(applications))
    errors = []

    def submit(application):
        try:
            barrier.wait()
            services.transition(application, Action.SUBMIT, representative)
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    references = sorted(Application.objects.filter(programme=programme).values_list("reference", flat=True))
    assert references == [f"MSO-{programme.year}-{n:04d}" for n in range(1, 9)]


def test_saving_one_section_keeps_what_another_tab_saved(organisation):
    from funding.forms import ApplicantForm, BankForm

    application = ApplicationFactory(organisation=organisation)
    first_tab, second_tab = (
        Application.objects.get(pk=application.pk),
        Application.objects.get(pk=application.pk),
    )
    applicant = ApplicantForm(
        {
            "street": "Weg 1",
            "postcode": "33602",
            "city": "Bielefeld",
            "contact_name": "A",
            "contact_email": "a@example.org",
            "signatory_name": "B",
            "signatory_role": "Vorsitz",
        },
        instance=first_tab,
    )
    bank = BankForm(
        {"account_holder": "Verein", "iban": "DE89370400440532013000", "bank_name": "Bank"},
        instance=second_tab,
    )
    assert applicant.is_valid() and bank.is_valid()
    services.save_section(first_tab, applicant)
    services.save_section(second_tab, bank)
    application.refresh_from_db()
    assert (application.street, application.iban) == ("Weg 1", "DE89370400440532013000")


def test_sections_cannot_be_saved_after_submission(organisation, representative):
    from funding.forms import BankForm

    application = fill_in(ApplicationFactory(organisation=organisation))
    stale = Application.objects.get(pk=application.pk)
    services.transition(application, Action.SUBMIT, representative)
    form = BankForm(
        {"account_holder": "X", "iban": "DE89370400440532013000", "bank_name": "Y"}, instance=stale
    )
    assert form.is_valid()
    with pytest.raises(ValidationError):
        services.save_section(stale, form)
    application.refresh_from_db()
    assert application.account_holder == "Kulturverein"
