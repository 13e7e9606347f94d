"""Meetings for the load benchmarks: 400 meetings with 10,000 registrations (idempotent)."""

import io
from datetime import timedelta

PREFIX = "bench-meetings"


def ensure(sizes: dict) -> None:
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from meetings import demo
    from meetings.models import Meeting, Network, Registration, Room
    from organisations.models import Membership, Organisation
    from portal.models import User

    demo.load(io.StringIO())  # networks and the rooms of the Neues Rathaus
    meetings_wanted = sizes.get("meetings", 400)
    registrations_wanted = sizes.get("registrations", 10_000)
    per_meeting = max(1, registrations_wanted // meetings_wanted)
    network = Network.objects.get_or_create(slug=PREFIX, defaults={"name": "Benchmark-Netzwerk"})[0]
    room = Room.objects.get_or_create(
        name="Benchmark-Saal",
        defaults={"building": "Benchmark", "address": "-", "capacity": per_meeting + 10},
    )[0]
    have = Meeting.objects.filter(network=network).count()
    if have >= meetings_wanted:
        return
    with transaction.atomic():
        password = make_password(None)
        emails = [f"{PREFIX}-{i}@example.org" for i in range(per_meeting)]
        User.objects.bulk_create((User(email=e, password=password) for e in emails), ignore_conflicts=True)
        users = list(User.objects.filter(email__in=emails).order_by("email"))
        EmailAddress.objects.bulk_create(
            (EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users),
            ignore_conflicts=True,
        )
        slugs = [f"{PREFIX}-{i}" for i in range(per_meeting)]
        Organisation.objects.bulk_create(
            (Organisation(name=f"Benchmark-Treffen-Verein {s}", slug=s, status="published") for s in slugs),
            ignore_conflicts=True,
        )
        organisations = list(Organisation.objects.filter(slug__in=slugs).order_by("slug"))
        Membership.objects.bulk_create(
            (
                Membership(user=u, organisation=o, status=Membership.Status.APPROVED)
                for u, o in zip(users, organisations, strict=True)
            ),
            ignore_conflicts=True,
        )
        # One a day in the benchmark room, half in the past and half ahead, after any of an earlier run.
        latest = Meeting.objects.filter(room=room).order_by("-start").values_list("start", flat=True).first()
        now = timezone.now().replace(hour=16, minute=0, second=0, microsecond=0)
        first = latest + timedelta(days=1) if latest else now - timedelta(days=meetings_wanted // 2)
        meetings = Meeting.objects.bulk_create(
            Meeting(
                network=network,
                title=f"Benchmark-Treffen {i + 1}",
                start=first + timedelta(days=i - have),
                end=first + timedelta(days=i - have, hours=2, minutes=30),
                room=room,
                capacity=per_meeting + 10,
                status=Meeting.Status.SCHEDULED,
            )
            for i in range(have, meetings_wanted)
        )
        Registration.objects.bulk_create(
            Registration(meeting=m, user=u, organisation=o, status=Registration.Status.CONFIRMED)
            for m in meetings
            for u, o in zip(users, organisations, strict=True)
        )


def pages() -> list[tuple[str, str]]:
    from meetings.models import Meeting

    meeting = Meeting.objects.filter(network__slug=PREFIX).order_by("-start").first()
    result = [("calendar (`/termine/`)", "/termine/"), ("iCal feed, all meetings", "/termine/kalender.ics")]
    if meeting is not None:
        result.append(("meeting page", meeting.get_absolute_url()))
    return result
