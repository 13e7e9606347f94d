"""Every write of the funding app that is more than a form save."""

import datetime
import logging
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from funding import queries
from funding.models import (
    Application,
    ApplicationEvent,
    Attachment,
    FinancingType,
    PlanLine,
    Programme,
    ProofLine,
    ProofOfUse,
    ProofReminder,
    Receipt,
    ReferenceCounter,
)
from funding.queries import euros, plan_problems
from funding.workflow import GRANTED, ROLE_PERMISSIONS, TRANSITIONS, Action, Role, State
from organisations.models import Organisation
from organisations.queries import represents
from portal.mail import send_mail_on_commit
from portal.pdf import render_pdf
from portal.permissions import staff_may
from portal.uploads import DOCUMENT_TYPES, validate_upload

logger = logging.getLogger(__name__)


class TransitionNotAllowed(PermissionDenied):
    """The user may not take this action, or not in the application's current state."""


def may_act(user, application: Application, role: str) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    if role == Role.APPLICANT:
        return represents(user, application.organisation)
    return staff_may(user, ROLE_PERMISSIONS[role])


def available_actions(user, application: Application) -> list[str]:
    """The actions this user may take on the application in its current state."""
    return [
        t.action
        for t in TRANSITIONS.values()
        if application.state in t.sources and may_act(user, application, t.role)
    ]


# A second "new application" within this time, with nothing entered yet, opens the first draft again.
REPEAT_WINDOW = datetime.timedelta(minutes=1)


def create_application(user, programme: Programme, organisation) -> Application:
    if not represents(user, organisation):
        raise PermissionDenied
    if not programme.is_open():
        raise ValidationError(
            _("Applications to %(programme)s can only be made from %(opens)s to %(closes)s."),
            code="programme_closed",
            params={
                "programme": programme.name,
                "opens": programme.opens_on.strftime("%d.%m.%Y"),
                "closes": programme.closes_on.strftime("%d.%m.%Y"),
            },
        )
    with transaction.atomic():
        # One creator at a time per organisation: a double click makes one draft, not two.
        Organisation.objects.select_for_update().get(pk=organisation.pk)
        repeated = queries.recent_blank_draft(
            user, programme, organisation, since=timezone.now() - REPEAT_WINDOW
        )
        if repeated is not None:
            return repeated
        return Application.objects.create(
            programme=programme,
            organisation=organisation,
            created_by=user,
            contact_name=user.get_full_name(),
            contact_email=user.email,
        )


def _require_editable(application: Application):
    if not application.is_editable:
        raise ValidationError(
            _("This application has been submitted and can no longer be changed."), code="not_editable"
        )


@transaction.atomic
def save_section(application: Application, form) -> Application:
    """Save one section's form: only its own fields, and only while the application may be edited."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    _require_editable(locked)
    instance = form.save(commit=False)
    instance.save(update_fields=[*form.Meta.fields, "updated_at"])
    return instance


@transaction.atomic
def save_plan(application: Application, cost_lines, financing: dict) -> Application:
    """Replace the plan: cost lines as (category, description, amount), financing as category -> amount."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    _require_editable(application)
    application.lines.all().delete()
    lines = [
        PlanLine(
            application=application,
            side=PlanLine.Side.COST,
            category=category,
            description=description,
            amount=amount,
            position=position,
        )
        for position, (category, description, amount) in enumerate(cost_lines)
    ]
    lines += [
        PlanLine(
            application=application,
            side=PlanLine.Side.FINANCING,
            category=category,
            amount=financing.get(category) or Decimal("0.00"),
            position=position,
        )
        for position, category in enumerate(PlanLine.FINANCING_CATEGORIES)
    ]
    PlanLine.objects.bulk_create(lines)
    application.plan_saved = True
    application.save(update_fields=["plan_saved", "updated_at"])
    return application


@transaction.atomic
def add_attachment(application: Application, user, kind: str, uploaded_file) -> Attachment:
    _require_editable(Application.objects.select_for_update().get(pk=application.pk))
    mime = validate_upload(uploaded_file, DOCUMENT_TYPES, Attachment.MAX_BYTES)
    return Attachment.objects.create(
        application=application,
        kind=kind,
        file=uploaded_file,
        original_name=uploaded_file.name[-200:],
        content_type=mime,
        size=uploaded_file.size,
        uploaded_by=user,
    )


def _delete_file_on_commit(field_file) -> None:
    """Remove a stored file once the row is gone for good: a rollback must not leave a row without it."""
    if field_file:
        storage, name = field_file.storage, field_file.name
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def delete_attachment(attachment: Attachment) -> None:
    # The lock waits for a submission under way; the state is read after it, never from a stale copy.
    _require_editable(Application.objects.select_for_update().get(pk=attachment.application_id))
    _delete_file_on_commit(attachment.file)
    attachment.delete()


def submission_problems(application: Application, on=None) -> list[str]:
    """Why the application cannot be submitted yet (empty when it can)."""
    problems = []
    for section in queries.sections(application):
        if not section.complete:
            problems.append(_("The section “%(section)s” is not complete.") % {"section": section.title})
    programme = application.programme
    if not programme.is_open(on):
        problems.append(
            _("Applications to this programme can only be submitted from %(opens)s to %(closes)s.")
            % {
                "opens": programme.opens_on.strftime("%d.%m.%Y"),
                "closes": programme.closes_on.strftime("%d.%m.%Y"),
            }
        )
    if application.plan_saved:
        problems.extend(
            plan_problems(
                application.total_costs, application.total_financing, application.requested_amount, programme
            )
        )
    return problems


def _next_reference(year: int) -> str:
    ReferenceCounter.objects.bulk_create([ReferenceCounter(year=year)], ignore_conflicts=True)
    counter = ReferenceCounter.objects.select_for_update().get(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"MSO-{year}-{counter.last_number:04d}"


def snapshot(application: Application) -> dict:
    """The submitted answers as plain strings, kept in the history to show staff what changed later."""
    answers = {
        str(label): str(value) for block in queries.summary(application) for label, value in block["rows"]
    }
    for line in application.lines.all():
        label = f"{line.get_side_display()}: {line.get_category_display()} {line.description}".strip()
        answers[label] = str(line.amount)
    for attachment in application.attachments.all():
        answers[f"{attachment.get_kind_display()}: {attachment.original_name}"] = str(attachment.size)
    return answers


def changes_between(old: dict, new: dict) -> list[tuple[str, str, str]]:
    """(label, before, after) for every answer that differs between two snapshots."""
    return [
        (label, old.get(label, ""), new.get(label, ""))
        for label in dict.fromkeys([*old, *new])
        if old.get(label, "") != new.get(label, "")
    ]


def _on_submit(application: Application, user, data):
    problems = submission_problems(application)
    if problems:
        raise ValidationError(problems, code="incomplete")
    data["snapshot"] = snapshot(application)
    if not application.reference:
        application.reference = _next_reference(application.programme.year)
    application.submitted_at = timezone.now()


def _on_resubmit(application: Application, user, data):
    problems = submission_problems(application)
    if problems:
        raise ValidationError(problems, code="incomplete")
    data["snapshot"] = snapshot(application)
    application.submitted_at = timezone.now()


def _on_request_changes(application: Application, user, data):
    if not (data.get("message") or "").strip():
        raise ValidationError(_("Tell the applicant what to change."), code="message_required")


def granted_total(programme: Programme, exclude_pk=None) -> Decimal:
    from django.db.models import Sum

    queryset = Application.objects.filter(programme=programme, state__in=GRANTED)
    if exclude_pk:
        queryset = queryset.exclude(pk=exclude_pk)
    return queryset.aggregate(total=Sum("granted_amount"))["total"] or Decimal("0.00")


def _decide(application: Application, user, data, *, partial: bool):
    requested = application.requested_amount
    raw = data.get("granted_amount")
    amount = (None if partial else requested) if raw in (None, "") else Decimal(str(raw))
    if amount is None or amount <= 0:
        raise ValidationError(_("Enter the granted amount."), code="amount_required")
    if partial and amount >= requested:
        raise ValidationError(
            _("A partial grant must be less than the requested %(requested)s EUR.")
            % {"requested": euros(requested)},
            code="partial_above_request",
        )
    if amount > requested:
        raise ValidationError(_("The grant may not exceed the request."), code="above_request")
    # Lock the programme: two decisions at once must not overspend the budget together.
    programme = Programme.objects.select_for_update().get(pk=application.programme_id)
    remaining = programme.budget - granted_total(programme, exclude_pk=application.pk)
    if amount > remaining:
        raise ValidationError(
            _("The budget of %(programme)s has only %(remaining)s EUR left.")
            % {"programme": programme.name, "remaining": euros(remaining)},
            code="budget_exceeded",
        )
    application.granted_amount = amount
    application.financing_type = data.get("financing_type") or FinancingType.FIXED_AMOUNT
    application.conditions = data.get("conditions", "")
    application.proof_due_on = data.get("proof_due_on")
    application.decided_at = timezone.now()


def _on_approve(application, user, data):
    _decide(application, user, data, partial=False)


def _on_approve_partially(application, user, data):
    _decide(application, user, data, partial=True)


def _on_reject(application, user, data):
    reason = (data.get("message") or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for the rejection."), code="reason_required")
    application.decision_reason = reason
    application.granted_amount = None
    application.decided_at = timezone.now()


def _on_record_payment(application, user, data):
    application.paid_on = data.get("paid_on") or timezone.localdate()


HOOKS = {
    Action.SUBMIT: _on_submit,
    Action.RESUBMIT: _on_resubmit,
    Action.REQUEST_CHANGES: _on_request_changes,
    Action.REQUEST_PROOF_CHANGES: _on_request_changes,
    Action.APPROVE: _on_approve,
    Action.APPROVE_PARTIALLY: _on_approve_partially,
    Action.REJECT: _on_reject,
    Action.RECORD_PAYMENT: _on_record_payment,
}

# Actions with a mail to the applicant; the submission mail carries the application PDF.
MAILS = {
    Action.SUBMIT: "funding/mail/submitted",
    Action.RESUBMIT: "funding/mail/submitted",
    Action.WITHDRAW: "funding/mail/withdrawn",
    Action.REQUEST_CHANGES: "funding/mail/changes_requested",
    Action.APPROVE: "funding/mail/decided",
    Action.APPROVE_PARTIALLY: "funding/mail/decided",
    Action.REJECT: "funding/mail/decided",
    Action.RECORD_PAYMENT: "funding/mail/state_changed",
    Action.SUBMIT_PROOF: "funding/mail/state_changed",
    Action.REQUEST_PROOF_CHANGES: "funding/mail/state_changed",
    Action.CLOSE: "funding/mail/state_changed",
}


def transition(application: Application, action: str, user, **data) -> Application:
    """Take ``action`` on the application as ``user``: check, lock, write state and history, queue mail."""
    spec = TRANSITIONS.get(action)
    if spec is None or not may_act(user, application, spec.role):
        raise TransitionNotAllowed(_("You may not do this."))
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update()
            .select_related("programme", "organisation")
            .get(pk=application.pk)
        )
        if locked.state not in spec.sources:
            raise TransitionNotAllowed(
                _("This is not possible while the application is “%(state)s”.")
                % {"state": locked.get_state_display()}
            )
        hook = HOOKS.get(action)
        if hook:
            hook(locked, user, data)
        previous = locked.state
        locked.state = spec.target
        locked.save()
        ApplicationEvent.objects.create(
            application=locked,
            action=action,
            from_state=previous,
            to_state=spec.target,
            actor=user,
            message=(data.get("message") or "").strip(),
            data={k: v if isinstance(v, dict) else str(v) for k, v in data.items() if k != "message"},
        )
        if action in MAILS:
            pk, template = locked.pk, MAILS[action]
            transaction.on_commit(lambda: mail_applicant(pk, template))
    return locked


def application_pdf(application: Application | None = None, *, programme: Programme | None = None) -> bytes:
    """The application as a PDF; without an application, the blank form of the programme."""
    context = {
        "application": application,
        "programme": programme or application.programme,
        "blank": application is None,
        "summary": queries.blank_summary() if application is None else queries.summary(application),
        "cost_categories": [c for c in PlanLine.Category.choices if c[0] in PlanLine.COST_CATEGORIES],
        "financing_categories": [
            c for c in PlanLine.Category.choices if c[0] in PlanLine.FINANCING_CATEGORIES
        ],
    }
    return render_pdf("pdf/funding_application.html", context)


def decision_pdf(application: Application) -> bytes:
    """The decision letter (Zuwendungsbescheid or rejection) of a decided application."""
    return render_pdf(
        "pdf/funding_decision.html", {"application": application, "programme": application.programme}
    )


def decision_filename(application: Application) -> str:
    return f"Bescheid-{application.key}.pdf"


def pdf_filename(application: Application) -> str:
    return f"Antrag-{application.key}.pdf"


def mail_applicant(pk: int, template: str) -> None:
    """After commit: mail the contact person and the creator; a failure is logged, never raised."""
    try:
        application = Application.objects.select_related("programme", "organisation", "created_by").get(pk=pk)
        recipients = {application.contact_email}
        if application.created_by:
            recipients.add(application.created_by.email)
        attachments = []
        if template == "funding/mail/submitted":
            attachments.append((pdf_filename(application), application_pdf(application), "application/pdf"))
        if template == "funding/mail/decided":
            attachments.append((decision_filename(application), decision_pdf(application), "application/pdf"))
        send_mail_on_commit(
            template,
            {"application": application, "event": application.events.last()},
            sorted(r for r in recipients if r),
            attachments=attachments,
        )
    except Exception:
        logger.exception("Mail about funding application %s could not be prepared", pk)


# Proof of use ----------------------------------------------------------------------------------------------

CENT = Decimal("0.01")
PROOF_EDITABLE = (State.PAID, State.PROOF_CHANGES_REQUESTED)
PROOF_STATES = (*PROOF_EDITABLE, State.PROOF_SUBMITTED, State.CLOSED)


def allowed_grant(financing_type, granted, planned_costs, actual_costs, other_income) -> Decimal:
    """The part of the grant the project may keep, given what it really cost and earned.

    Fixed amount: the grant stays unless the costs fall below it. Deficit: the grant covers only the gap
    between the costs and the other income. Share: the grant keeps its planned share of the real costs.
    """
    granted = granted or Decimal("0")
    if financing_type == FinancingType.DEFICIT:
        allowed = max(Decimal("0"), actual_costs - other_income)
    elif financing_type == FinancingType.SHARE:
        allowed = granted * actual_costs / planned_costs if planned_costs else Decimal("0")
    else:
        allowed = actual_costs
    return min(granted, allowed).quantize(CENT)


@dataclass
class ProofFigures:
    rows: list  # (side, label, planned, actual, difference)
    planned_costs: Decimal
    actual_costs: Decimal
    planned_income: Decimal
    actual_other_income: Decimal
    granted: Decimal
    receipts_total: Decimal
    allowed: Decimal

    @property
    def pay_back(self) -> Decimal:
        return max(Decimal("0.00"), self.granted - self.allowed)

    @property
    def difference(self) -> Decimal:
        """Actual costs minus all actual income including the grant (negative: a surplus)."""
        return self.actual_costs - self.actual_other_income - self.granted

    @property
    def receipts_match(self) -> bool:
        return self.receipts_total == self.actual_costs


def proof_figures(application: Application) -> ProofFigures:
    proof = getattr(application, "proof", None)
    actual = {line.category: line.amount for line in proof.lines.all()} if proof else {}
    planned: dict[str, Decimal] = {}
    for line in application.lines.all():
        planned[line.category] = planned.get(line.category, Decimal("0")) + line.amount
    rows = []
    for side, categories in (
        ("cost", PlanLine.COST_CATEGORIES),
        ("financing", PlanLine.FINANCING_CATEGORIES),
    ):
        for category in categories:
            if category == PlanLine.Category.REQUESTED_GRANT:
                continue
            plan, real = planned.get(category, Decimal("0")), actual.get(category, Decimal("0"))
            rows.append((side, PlanLine.Category(category).label, plan, real, real - plan))
    planned_costs = sum((planned.get(c, Decimal("0")) for c in PlanLine.COST_CATEGORIES), Decimal("0"))
    actual_costs = sum((actual.get(c, Decimal("0")) for c in PlanLine.COST_CATEGORIES), Decimal("0"))
    income = [c for c in PlanLine.FINANCING_CATEGORIES if c != PlanLine.Category.REQUESTED_GRANT]
    granted = application.granted_amount or Decimal("0")
    other_income = sum((actual.get(c, Decimal("0")) for c in income), Decimal("0"))
    receipts = sum((r.amount for r in proof.receipts.all()), Decimal("0")) if proof else Decimal("0")
    return ProofFigures(
        rows=rows,
        planned_costs=planned_costs,
        actual_costs=actual_costs,
        planned_income=sum((planned.get(c, Decimal("0")) for c in income), Decimal("0")),
        actual_other_income=other_income,
        granted=granted,
        receipts_total=receipts,
        allowed=allowed_grant(application.financing_type, granted, planned_costs, actual_costs, other_income),
    )


def _require_proof_editable(application: Application):
    if application.state not in PROOF_EDITABLE:
        raise ValidationError(_("The proof of use can no longer be changed."), code="not_editable")


def _lock_for_proof(application_pk: int) -> Application:
    """Lock the application (as the proof submission does) and check that its proof may still change."""
    application = Application.objects.select_for_update().get(pk=application_pk)
    _require_proof_editable(application)
    return application


def _proof_of(application: Application) -> ProofOfUse:
    """The application's proof of use, created on first use; call with the application row locked.

    Under the lock writers of one proof take turns, so two first receipts create one proof, not an error.
    """
    proof, _created = ProofOfUse.objects.get_or_create(application=application)
    return proof


@transaction.atomic
def save_proof(application: Application, report: str, participants, actuals: dict) -> ProofOfUse:
    application = _lock_for_proof(application.pk)
    proof = _proof_of(application)
    proof.report = report
    proof.actual_participants = participants
    proof.save()
    proof.lines.all().delete()
    ProofLine.objects.bulk_create(
        ProofLine(proof=proof, category=category, amount=amount or Decimal("0.00"))
        for category, amount in actuals.items()
    )
    return proof


@transaction.atomic
def add_receipt(application: Application, *, date, payee, purpose, amount, uploaded_file=None) -> Receipt:
    proof = _proof_of(_lock_for_proof(application.pk))
    receipt = Receipt(proof=proof, date=date, payee=payee, purpose=purpose, amount=amount)
    if uploaded_file:
        receipt.content_type = validate_upload(uploaded_file, DOCUMENT_TYPES, Attachment.MAX_BYTES)
        receipt.original_name = uploaded_file.name[-200:]
        receipt.file = uploaded_file
    receipt.save()
    return receipt


@transaction.atomic
def delete_receipt(receipt: Receipt) -> None:
    _lock_for_proof(receipt.proof.application_id)
    _delete_file_on_commit(receipt.file)
    receipt.delete()


def _on_submit_proof(application: Application, user, data):
    proof = ProofOfUse.objects.filter(application=application).first()
    problems = []
    if proof is None or not proof.report.strip():
        problems.append(_("Write the factual report."))
    if proof is None or not proof.lines.exists():
        problems.append(_("Enter the actual costs and income."))
    if proof is None or not proof.receipts.exists():
        problems.append(_("List the receipts."))
    if problems:
        raise ValidationError(problems, code="proof_incomplete")
    proof.submitted_at = timezone.now()
    proof.save(update_fields=["submitted_at", "updated_at"])


HOOKS[Action.SUBMIT_PROOF] = _on_submit_proof


def proof_pdf(application: Application) -> bytes:
    return render_pdf(
        "pdf/funding_proof.html",
        {
            "application": application,
            "programme": application.programme,
            "figures": proof_figures(application),
        },
    )


# Reminders ------------------------------------------------------------------------------------------------


def send_proof_reminders(today=None) -> int:
    """Mail one reminder per application and due date for each proof of use that is due; return the count."""
    today = today or timezone.localdate()
    due = Application.objects.filter(state__in=PROOF_EDITABLE, proof_due_on__lte=today).exclude(
        proof_reminders__due_on=models.F("proof_due_on")
    )
    sent = 0
    for application in due.select_related("programme", "organisation", "created_by"):
        with transaction.atomic():
            # The unique constraint decides: of two runs at once only one creates the row and mails.
            _reminder, created = ProofReminder.objects.get_or_create(
                application=application, due_on=application.proof_due_on
            )
            if created:
                pk = application.pk
                transaction.on_commit(lambda pk=pk: mail_applicant(pk, "funding/mail/proof_reminder"))
                sent += 1
    return sent
