"""The states of a funding application and who may move it from one to the next.

This module is data only: the service ``funding.services.transition`` reads it, the views and the
admin ask it which actions to offer, and the tests walk through it table by table.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    IN_REVIEW = "in_review", _("in review")
    CHANGES_REQUESTED = "changes_requested", _("changes requested")
    APPROVED = "approved", _("approved")
    PARTIALLY_APPROVED = "partially_approved", _("partially approved")
    REJECTED = "rejected", _("rejected")
    PAID = "paid", _("paid")
    PROOF_SUBMITTED = "proof_submitted", _("proof of use submitted")
    PROOF_CHANGES_REQUESTED = "proof_changes_requested", _("changes to the proof of use requested")
    CLOSED = "closed", _("closed")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Role(models.TextChoices):
    APPLICANT = "applicant", _("applicant")
    REVIEWER = "reviewer", _("staff (review)")
    DECIDER = "decider", _("staff (decision)")


# The permission a staff member needs for each staff role ("app_label.codename").
ROLE_PERMISSIONS = {
    Role.REVIEWER: "funding.review_application",
    Role.DECIDER: "funding.decide_application",
}


class Action(models.TextChoices):
    SUBMIT = "submit", _("Submit")
    RESUBMIT = "resubmit", _("Submit again")
    WITHDRAW = "withdraw", _("Withdraw")
    START_REVIEW = "start_review", _("Start review")
    REQUEST_CHANGES = "request_changes", _("Request changes")
    APPROVE = "approve", _("Approve")
    APPROVE_PARTIALLY = "approve_partially", _("Approve in part")
    REJECT = "reject", _("Reject")
    RECORD_PAYMENT = "record_payment", _("Record payment")
    SUBMIT_PROOF = "submit_proof", _("Submit proof of use")
    REQUEST_PROOF_CHANGES = "request_proof_changes", _("Request changes to the proof of use")
    CLOSE = "close", _("Accept proof of use and close")


@dataclass(frozen=True)
class Transition:
    action: str
    sources: tuple[str, ...]
    target: str
    role: str


# States in which no decision has been taken yet: the applicant may still withdraw.
BEFORE_DECISION = (State.DRAFT, State.SUBMITTED, State.IN_REVIEW, State.CHANGES_REQUESTED)
# States in which the applicant may still edit the application's sections.
EDITABLE = (State.DRAFT, State.CHANGES_REQUESTED)
# States that carry a decision to grant money.
GRANTED = (
    State.APPROVED,
    State.PARTIALLY_APPROVED,
    State.PAID,
    State.PROOF_SUBMITTED,
    State.PROOF_CHANGES_REQUESTED,
    State.CLOSED,
)

TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition(Action.SUBMIT, (State.DRAFT,), State.SUBMITTED, Role.APPLICANT),
        Transition(Action.RESUBMIT, (State.CHANGES_REQUESTED,), State.SUBMITTED, Role.APPLICANT),
        Transition(Action.WITHDRAW, BEFORE_DECISION, State.WITHDRAWN, Role.APPLICANT),
        Transition(Action.START_REVIEW, (State.SUBMITTED,), State.IN_REVIEW, Role.REVIEWER),
        Transition(Action.REQUEST_CHANGES, (State.IN_REVIEW,), State.CHANGES_REQUESTED, Role.REVIEWER),
        Transition(Action.APPROVE, (State.IN_REVIEW,), State.APPROVED, Role.DECIDER),
        Transition(Action.APPROVE_PARTIALLY, (State.IN_REVIEW,), State.PARTIALLY_APPROVED, Role.DECIDER),
        Transition(Action.REJECT, (State.IN_REVIEW,), State.REJECTED, Role.DECIDER),
        Transition(
            Action.RECORD_PAYMENT, (State.APPROVED, State.PARTIALLY_APPROVED), State.PAID, Role.DECIDER
        ),
        Transition(
            Action.SUBMIT_PROOF,
            (State.PAID, State.PROOF_CHANGES_REQUESTED),
            State.PROOF_SUBMITTED,
            Role.APPLICANT,
        ),
        Transition(
            Action.REQUEST_PROOF_CHANGES,
            (State.PROOF_SUBMITTED,),
            State.PROOF_CHANGES_REQUESTED,
            Role.REVIEWER,
        ),
        Transition(Action.CLOSE, (State.PROOF_SUBMITTED,), State.CLOSED, Role.REVIEWER),
    )
}


def transitions_from(state: str, role: str | None = None) -> list[Transition]:
    """The transitions leaving ``state`` (for one role, if given), in the order declared above."""
    return [t for t in TRANSITIONS.values() if state in t.sources and (role is None or t.role == role)]
