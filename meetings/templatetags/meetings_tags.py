"""What other pages show of the meetings: the home page, "My area" and the organisation page."""

from django import template

from meetings import queries

register = template.Library()


@register.inclusion_tag("meetings/tags/upcoming_meetings.html")
def upcoming_meetings(limit=3):
    return {"meetings": list(queries.next_meetings(int(limit)))}


@register.inclusion_tag("meetings/tags/my_registrations.html", takes_context=True)
def my_registrations(context):
    user = context["request"].user
    registrations = list(queries.upcoming_registrations(user)) if user.is_authenticated else []
    return {"registrations": registrations}


@register.inclusion_tag("meetings/tags/organisation_meetings.html")
def organisation_meetings(organisation, limit=5):
    meetings, registered = queries.organisation_meetings(organisation, int(limit))
    return {"meetings": meetings, "registered": registered, "organisation": organisation}
