from django import template

from funding import queries
from funding.workflow import State

register = template.Library()

NEXT_STEPS = {
    State.DRAFT: "complete",
    State.CHANGES_REQUESTED: "change",
    State.PAID: "proof",
    State.PROOF_CHANGES_REQUESTED: "proof",
}


@register.inclusion_tag("funding/includes/dashboard.html", takes_context=True)
def funding_dashboard(context):
    """The representative's applications for "My area": state, next step and deadline."""
    user = context["request"].user
    applications = list(queries.visible_applications(user)[:20])
    for application in applications:
        application.next_step = NEXT_STEPS.get(application.state, "wait")
    return {
        "applications": applications,
        "open_programmes": list(queries.open_programmes()),
        "represents_any": bool(applications) or queries.represented_organisations(user).exists(),
    }
