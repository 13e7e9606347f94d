from datetime import timedelta

import factory
from django.utils import timezone

from meetings.models import Meeting, Network, Registration, Room
from tests.factories import MembershipFactory


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Netzwerk {n}")
    slug = factory.Sequence(lambda n: f"netzwerk-{n}")


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    name = factory.Sequence(lambda n: f"Raum {n}")
    building = "Neues Rathaus"
    address = "Niederwall 23, 33602 Bielefeld"
    floor = "Erdgeschoss"
    capacity = 35
    step_free = True


def _start(days=14):
    now = timezone.localtime()
    return now.replace(hour=17, minute=0, second=0, microsecond=0) + timedelta(days=days)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    network = factory.SubFactory(NetworkFactory)
    title = factory.Sequence(lambda n: f"Netzwerktreffen {n}")
    room = factory.SubFactory(RoomFactory)
    start = factory.Sequence(lambda n: _start(14 + n))
    end = factory.LazyAttribute(lambda m: m.start + timedelta(hours=2, minutes=30))
    agenda = "1. Begrüßung\n2. Berichte aus den Vereinen"


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    meeting = factory.SubFactory(MeetingFactory)
    organisation = factory.LazyAttribute(lambda r: r.membership.organisation)
    user = factory.LazyAttribute(lambda r: r.membership.user)
    status = Registration.Status.CONFIRMED

    class Params:
        membership = factory.SubFactory(MembershipFactory)
