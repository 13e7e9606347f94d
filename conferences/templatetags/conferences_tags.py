"""What other pages show of the conferences: the next one (or the latest documentation) on the home page."""

from django import template

from conferences import queries

register = template.Library()


@register.inclusion_tag("conferences/tags/next_conference.html")
def next_conference():
    conference = queries.next_conference()
    return {"conference": conference, "latest": None if conference else queries.latest_held()}
