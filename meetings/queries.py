"""Reads for the calendar, "My area", the organisation page and the attendance statistics."""

from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Count, Q
from django.utils import timezone

from meetings.models import Meeting, Registration


def with_counts(queryset):
    return queryset.select_related("network", "room").annotate(
        confirmed_count=Count("registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)),
        waiting_count=Count("registrations", filter=Q(registrations__status=Registration.Status.WAITING)),
    )


@dataclass
class Calendar:
    upcoming: list[Meeting]
    past_by_year: list[tuple[int, list[Meeting]]]


def calendar(network=None, now=None) -> Calendar:
    """Upcoming meetings first (soonest first), then past ones grouped by year (newest first)."""
    now = now or timezone.now()
    meetings = with_counts(Meeting.objects.all())
    if network is not None:
        meetings = meetings.filter(network=network)
    upcoming = list(meetings.upcoming(now))
    past = list(meetings.past(now))
    past_by_year = [
        (year, list(items)) for year, items in groupby(past, key=lambda m: timezone.localtime(m.start).year)
    ]
    return Calendar(upcoming=upcoming, past_by_year=past_by_year)


def registrations_of(user, meetings) -> dict[int, Registration]:
    """The user's registration per meeting id, for the given meetings (one query)."""
    if not user.is_authenticated:
        return {}
    registrations = Registration.objects.filter(user=user, meeting__in=[m.pk for m in meetings]).active()
    return {registration.meeting_id: registration for registration in registrations}


def upcoming_registrations(user, now=None):
    return (
        Registration.objects.active()
        .filter(user=user, meeting__end__gte=now or timezone.now())
        .select_related("meeting", "meeting__room", "organisation")
        .order_by("meeting__start")
    )


def next_meetings(limit: int, now=None):
    return Meeting.objects.upcoming(now).select_related("room", "network")[:limit]


def organisation_meetings(organisation, limit: int = 5, now=None):
    """Upcoming meetings someone of the organisation registered for; if there are none, the next meetings."""
    registered = (
        Meeting.objects.upcoming(now)
        .filter(
            registrations__organisation=organisation,
            registrations__status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITING],
        )
        .distinct()
        .select_related("room", "network")[:limit]
    )
    registered = list(registered)
    if registered:
        return registered, True
    return list(next_meetings(limit, now)), False


@dataclass
class AttendanceBar:
    meeting: Meeting
    x: int
    height: int
    y: int


@dataclass
class AttendanceChart:
    years: list[tuple[int, list[Meeting]]]
    bars: list[AttendanceBar] = field(default_factory=list)
    width: int = 0
    height: int = 0
    max_value: int = 0
    ticks: list[tuple[int, int]] = field(default_factory=list)
    year_labels: list[tuple[int, int]] = field(default_factory=list)


CHART_BAR = 28
CHART_GAP = 10
CHART_YEAR_GAP = 30
CHART_PLOT_HEIGHT = 200
CHART_LEFT = 40
CHART_TOP = 10


def attendance_chart(now=None) -> AttendanceChart:
    """Attendance of every past meeting that was not cancelled, as bar geometry plus the figures by year."""
    meetings = list(
        Meeting.objects.past(now)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("network", "room")
        .annotate(
            registered_count=Count(
                "registrations", filter=~Q(registrations__status=Registration.Status.CANCELLED)
            ),
            attended_count=Count("registrations", filter=Q(registrations__attended=True)),
        )
        .order_by("start")
    )
    years = [(y, list(ms)) for y, ms in groupby(meetings, key=lambda m: timezone.localtime(m.start).year)]
    chart = AttendanceChart(years=years)
    chart.max_value = max([m.registered_count for m in meetings] + [m.attended_count for m in meetings] + [1])
    step = max(1, -(-chart.max_value // 4))
    chart.max_value = step * 4
    scale = CHART_PLOT_HEIGHT / chart.max_value
    x = CHART_LEFT + CHART_GAP
    for year, year_meetings in years:
        year_start = x
        for meeting in year_meetings:
            height = round(meeting.attended_count * scale)
            chart.bars.append(AttendanceBar(meeting, x, height, CHART_TOP + CHART_PLOT_HEIGHT - height))
            x += CHART_BAR + CHART_GAP
        chart.year_labels.append((year, (year_start + x - CHART_GAP) // 2))
        x += CHART_YEAR_GAP
    chart.width = max(x, 200)
    chart.height = CHART_TOP + CHART_PLOT_HEIGHT + 40
    chart.ticks = [
        (value, CHART_TOP + CHART_PLOT_HEIGHT - round(value * scale))
        for value in range(0, chart.max_value + 1, step)
    ]
    return chart
