"""Demo data: the network, its rooms in the Neues Rathaus, the 2023 meetings and four upcoming ones.

All people are fictional. Upcoming meetings are placed relative to today, so running the loader again
in the same quarter changes nothing.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from meetings.models import Meeting, Network, Registration, Room
from organisations.models import Membership, Organisation
from portal.demo import REPRESENTATIVE_EMAIL, REPRESENTATIVE_PASSWORD, ensure_user

ADDRESS = "Niederwall 23, 33602 Bielefeld"
BUILDING = "Neues Rathaus"
START, END = time(17, 0), time(19, 30)
ACCESS_NOTES = "Stufenloser Zugang über den Haupteingang am Niederwall, Aufzug vorhanden."

AGENDA = """1. Begrüßung und Vorstellungsrunde
2. Berichte aus den Vereinen
3. Aktuelles aus dem Kommunalen Integrationszentrum
4. Förderung von Migrantenselbstorganisationen: Fristen und Fragen
5. Verschiedenes"""

MEETINGS_2023 = [
    (date(2023, 3, 22), "nowgorod"),
    (date(2023, 5, 31), "else-zimmermann"),
    (date(2023, 9, 27), "else-zimmermann"),
    (date(2023, 12, 13), "nowgorod"),
]

# Fictional people who represent the demo organisations.
PEOPLE = [
    ("Ayşe", "Demir"),
    ("Olena", "Kovalenko"),
    ("Kofi", "Mensah"),
    ("Leyla", "Haddad"),
    ("Dariusz", "Nowak"),
    ("Nour", "Khalil"),
    ("Elif", "Yıldız"),
    ("Samir", "Rahimi"),
    ("Irina", "Wolkow"),
    ("Amadou", "Diallo"),
    ("Fatma", "Aksoy"),
    ("Giorgos", "Papadakis"),
    ("Hevin", "Celik"),
    ("Marta", "Silva"),
    ("Tarik", "Begić"),
    ("Yara", "Nasser"),
    ("Bogdan", "Ionescu"),
    ("Chiara", "Russo"),
    ("Dilan", "Şahin"),
    ("Jamal", "Osei"),
]
DEMO_ORGANISATIONS = [
    ("Deutsch-Türkischer Kulturverein Bielefeld (Demo) e.V.", "demo-deutsch-tuerkischer-kulturverein"),
    ("Ukrainische Gemeinde Ostwestfalen (Demo) e.V.", "demo-ukrainische-gemeinde"),
    ("Afrikanisches Forum Bielefeld (Demo) e.V.", "demo-afrikanisches-forum"),
    ("Ezidischer Kulturverein Bielefeld (Demo) e.V.", "demo-ezidischer-kulturverein"),
]


def _at(day: date, clock: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, clock))


def upcoming_quarter_dates(today: date, count: int = 4) -> list[date]:
    """The second Wednesday of each quarter's middle month (Feb, May, Aug, Nov), from the next one on."""
    dates = []
    year, month = today.year, 2
    while len(dates) < count:
        first = date(year, month, 1)
        second_wednesday = first + timedelta(days=(2 - first.weekday()) % 7 + 7)
        if second_wednesday > today:
            dates.append(second_wednesday)
        month += 3
        if month > 12:
            year, month = year + 1, month - 12
    return dates


def _representatives(stdout) -> list[Membership]:
    organisations = list(
        Organisation.objects.filter(status=Organisation.Status.PUBLISHED).order_by("pk")[:12]
    )
    if len(organisations) < 4:
        for name, slug in DEMO_ORGANISATIONS:
            organisation, _ = Organisation.objects.get_or_create(
                slug=slug, defaults={"name": name, "status": Organisation.Status.PUBLISHED}
            )
            organisations.append(organisation)
    memberships = []
    representative = ensure_user(
        REPRESENTATIVE_EMAIL, REPRESENTATIVE_PASSWORD, first_name="Demo", last_name="Vertretung"
    )
    membership = Membership.objects.filter(user=representative, status=Membership.Status.APPROVED).first()
    if membership is None:
        membership, _ = Membership.objects.update_or_create(
            user=representative,
            organisation=organisations[0],
            defaults={"status": Membership.Status.APPROVED},
        )
    for index, (first_name, last_name) in enumerate(PEOPLE):
        user = ensure_user(
            f"netzwerk-demo-{index + 1:02d}@example.org", None, first_name=first_name, last_name=last_name
        )
        person, _ = Membership.objects.get_or_create(
            user=user,
            organisation=organisations[index % len(organisations)],
            defaults={"status": Membership.Status.APPROVED},
        )
        memberships.append(person)
    # The demo representative comes first, so their "My area" shows registrations.
    return [membership, *memberships]


def _register(meeting: Meeting, membership: Membership, status: str, attended: bool = False) -> None:
    Registration.objects.get_or_create(
        meeting=meeting,
        user=membership.user,
        defaults={
            "organisation": membership.organisation,
            "status": status,
            "attended": attended,
            "registered_at": meeting.start - timedelta(days=14),
        },
    )


def load(stdout) -> None:
    network, _ = Network.objects.update_or_create(
        slug="netzwerk-mo",
        defaults={
            "name": "Netzwerk Migrantenorganisationen",
            "description": (
                "Das Netzwerk trifft sich viermal im Jahr von 17.00 bis 19.30 Uhr im Neuen Rathaus. "
                "Durchschnittlich nehmen ca. 35 Vertreterinnen und Vertreter "
                "der Migrantenorganisationen teil."
            ),
            "contact_name": "Kommunales Integrationszentrum",
            "contact_email": "integration@bielefeld.de",
        },
    )
    Network.objects.update_or_create(
        slug="ezidische-vereine",
        defaults={
            "name": "Netzwerk ezidischer Vereine",
            "description": "Trifft sich auf Anfrage.",
            "on_request_only": True,
        },
    )
    Network.objects.update_or_create(
        slug="fachtagung",
        defaults={
            "name": "Fachtagung",
            "description": "Jährliche Fachtagung „Vernetzung von Migrantenorganisationen und Regeldiensten“.",
        },
    )
    rooms = {}
    for key, name, floor, capacity in [
        ("nowgorod", "Nowgorod-Raum", "Erdgeschoss", 40),
        ("else-zimmermann", "Else-Zimmermann-Saal", "1. Obergeschoss", 80),
    ]:
        rooms[key], _ = Room.objects.update_or_create(
            name=name,
            building=BUILDING,
            defaults={
                "address": ADDRESS,
                "floor": floor,
                "capacity": capacity,
                "step_free": True,
                "hearing_loop": key == "else-zimmermann",
                "accessibility_notes": ACCESS_NOTES,
            },
        )
    people = _representatives(stdout)

    for number, (day, room_key) in enumerate(MEETINGS_2023, start=1):
        meeting, _ = Meeting.objects.update_or_create(
            network=network,
            title=f"Netzwerktreffen {number}/2023",
            defaults={
                "start": _at(day, START),
                "end": _at(day, END),
                "room": rooms[room_key],
                "status": Meeting.Status.HELD,
                "agenda": AGENDA,
                "registration_open": False,
                "capacity": rooms[room_key].capacity,
            },
        )
        for index, membership in enumerate(people):
            # Most came; a few each time did not.
            _register(meeting, membership, Registration.Status.CONFIRMED, attended=(index + number) % 6 != 0)

    for position, day in enumerate(upcoming_quarter_dates(timezone.localdate())):
        quarter = (day.month - 1) // 3 + 1
        room = rooms["else-zimmermann"] if quarter in (2, 3) else rooms["nowgorod"]
        meeting, _ = Meeting.objects.update_or_create(
            network=network,
            title=f"Netzwerktreffen {quarter}/{day.year}",
            defaults={
                "start": _at(day, START),
                "end": _at(day, END),
                "room": room,
                "agenda": AGENDA,
                "capacity": 35,
            },
        )
        # The sooner the meeting, the more people have registered already.
        for membership in people[: 12 - 3 * position]:
            _register(meeting, membership, Registration.Status.CONFIRMED)
    stdout.write("meetings: networks, rooms, 2023 meetings and four upcoming meetings ready")
