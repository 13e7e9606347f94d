"""Every write of the funding app that is more than a form save."""

import logging
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
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
    ReferenceCounter,
)
from funding.workflow import GRANTED, ROLE_PERMISSIONS, TRANSITIONS, Action, Role
from organisations.queries import represents
from portal.mail import send_mail_on_commit
from portal.pdf import render_pdf
from portal.uploads import DOCUMENT_TYPES, validate_upload

logger = logging.getLogger(__name__)


class TransitionNotAllowed(PermissionDenied):
    """The user may not take this action, or not in the application's current state."""


def may_act(user, application: Application, role: str) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    if role == Role.APPLICANT:
        return represents(user, application.organisation)
    return user.is_staff and user.has_perm(ROLE_PERMISSIONS[role])


def available_actions(user, application: Application) -> list[str]:
    """The actions this user may take on the application in its current state."""
    return [
        t.action
        for t in TRANSITIONS.values()
        if application.state in t.sources and may_act(user, application, t.role)
    ]


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


def add_attachment(application: Application, user, kind: str, uploaded_file) -> Attachment:
    _require_editable(application)
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


def delete_attachment(attachment: Attachment) -> None:
    _require_editable(attachment.application)
    attachment.file.delete(save=False)
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


def plan_problems(total_costs, total_financing, requested, programme) -> list[str]:
    problems = []
    if total_costs <= 0:
        problems.append(_("Enter at least one cost line."))
    if total_costs != total_financing:
        problems.append(
            _("The plan does not balance: costs %(costs)s EUR, financing %(financing)s EUR.")
            % {"costs": total_costs, "financing": total_financing}
        )
    if requested <= 0:
        problems.append(_("Enter the grant you request."))
    if requested > programme.max_grant:
        problems.append(_("The requested grant may not exceed %(max)s EUR.") % {"max": programme.max_grant})
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
            % {"requested": requested},
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
            % {"programme": programme.name, "remaining": remaining},
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
