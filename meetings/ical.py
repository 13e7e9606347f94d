"""iCalendar (RFC 5545) for meetings: one event per meeting, Europe/Berlin with its VTIMEZONE."""

from collections.abc import Iterable
from datetime import UTC

from django.utils import timezone
from icalendar import Calendar, Event

from meetings.models import Meeting

PRODID = "-//Stadt Bielefeld//Netzwerk Migrantenorganisationen//DE"
CONTENT_TYPE = "text/calendar; charset=utf-8"


def meeting_event(meeting: Meeting, base_url: str = "") -> Event:
    event = Event()
    # The UID stays the same for the life of the meeting; SEQUENCE tells clients which version is newer.
    event.add("uid", meeting.ical_uid)
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", meeting.updated_at.astimezone(UTC))
    event.add("last-modified", meeting.updated_at.astimezone(UTC))
    event.add("dtstart", timezone.localtime(meeting.start))
    event.add("dtend", timezone.localtime(meeting.end))
    event.add("summary", meeting.title)
    event.add("location", meeting.room.location)
    if meeting.agenda:
        event.add("description", meeting.agenda)
    if base_url:
        event.add("url", base_url + meeting.get_absolute_url())
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    return event


def build_calendar(meetings: Iterable[Meeting], name: str, base_url: str = "") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", timezone.get_current_timezone_name())
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, base_url))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def meeting_calendar(meeting: Meeting, base_url: str = "") -> bytes:
    return build_calendar([meeting], meeting.title, base_url)
