import io
from datetime import date

import pytest
from django.utils import timezone

from meetings import demo
from meetings.models import Meeting, Network, Registration
from portal import demo as portal_demo

pytestmark = pytest.mark.django_db


def test_upcoming_quarter_dates_are_wednesdays_in_the_future():
    dates = demo.upcoming_quarter_dates(date(2026, 11, 28))
    assert dates == [date(2027, 2, 10), date(2027, 5, 12), date(2027, 8, 11), date(2027, 11, 10)]
    assert all(day.weekday() == 2 for day in dates)
    assert demo.upcoming_quarter_dates(date(2027, 2, 9))[0] == date(2027, 2, 10)


def test_demo_data_loads_twice_without_duplicates():
    portal_demo.load(io.StringIO())
    demo.load(io.StringIO())
    demo.load(io.StringIO())
    assert set(Network.objects.values_list("slug", flat=True)) >= {
        "netzwerk-mo",
        "ezidische-vereine",
        "fachtagung",
    }
    held = Meeting.objects.filter(start__year=2023).order_by("start")
    assert [timezone.localtime(m.start).strftime("%d.%m. %H:%M") for m in held] == [
        "22.03. 17:00",
        "31.05. 17:00",
        "27.09. 17:00",
        "13.12. 17:00",
    ]
    assert [m.room.name for m in held] == [
        "Nowgorod-Raum",
        "Else-Zimmermann-Saal",
        "Else-Zimmermann-Saal",
        "Nowgorod-Raum",
    ]
    upcoming = Meeting.objects.upcoming()
    assert upcoming.count() == 4
    assert all(timezone.localtime(m.end).strftime("%H:%M") == "19:30" for m in upcoming)
    assert (
        Registration.objects.filter(
            meeting__in=upcoming, user__email=portal_demo.REPRESENTATIVE_EMAIL
        ).count()
        == 4
    )
    assert Registration.objects.filter(meeting__in=held, attended=True).exists()
