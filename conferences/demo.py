"""Demo data: the conferences of 2015, 2017 and 2018 from the city's page, and the next one.

The titles and dates come from the city's page. Everything else (the exact day in November 2015, the
times, programmes, documentation PDFs and photos) is invented for the demo and says so.
"""

import io
from datetime import date, datetime, time, timedelta

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image, ImageDraw, ImageFont

from conferences import services
from conferences.models import CONFERENCE_NETWORK_SLUG, Conference, Document, Photo
from meetings.models import Meeting, Network, Room
from portal.pdf import render_pdf

SEED_2018_SUMMARY = (
    "An diesem Tag wurde den Einrichtungen und Trägern wie auch den Migrantenorganisationen Gelegenheit "
    "zum gegenseitigen Kennenlernen gegeben, um Kontakte zu knüpfen, Kooperationsideen zu entwickeln und "
    "auszubauen. Die Möglichkeiten der Kooperation umfassen sowohl die Beteiligung an bestehenden Angeboten "
    "wie auch neue bzw. noch zu entwickelnde Modelle der Zusammenarbeit. Gemeinsam wurde der Frage "
    "nachgegangen, wie Vernetzung und Kooperation wirkungsvoll vorangebracht werden können."
)


def _programme_markdown(items) -> str:
    return "\n".join(f"- **{clock}** {item}" for clock, item in items)


def _chapter(heading, paragraphs, lists=(), new_page=False):
    return {"heading": heading, "paragraphs": paragraphs, "lists": list(lists), "new_page": new_page}


CONFERENCES = [
    {
        "year": 2015,
        "slug": "kommunale-integration",
        "title": (
            "Kommunale Integration durch Migrantenorganisationen in Bielefeld - Ressourcen, Potentiale, "
            "Kompetenzen, Möglichkeiten der Kooperation"
        ),
        "subtitle": "",
        "day": date(2015, 11, 20),
        "start": time(10, 0),
        "end": time(16, 0),
        "summary": (
            "Die erste Fachtagung des Netzwerks stellte die Arbeit der Migrantenorganisationen in Bielefeld "
            "vor: was sie leisten, welche Kompetenzen sie mitbringen und wo Kooperationen mit der Stadt und "
            "den Regeldiensten möglich sind. (Demo-Zusammenfassung)"
        ),
        "programme": [
            ("10:00", "Begrüßung durch das Kommunale Integrationszentrum"),
            ("10:30", "Vortrag: Migrantenorganisationen als Akteure der kommunalen Integration"),
            ("11:30", "Vorstellung von Vereinen aus Bielefeld"),
            ("13:00", "Mittagspause"),
            ("14:00", "Arbeitsgruppen: Ressourcen, Potentiale, Kompetenzen"),
            ("15:30", "Ergebnisse und Ausblick"),
        ],
        "chapters": [
            _chapter(
                "Begrüßung",
                [
                    "Rund 90 Teilnehmende aus Vereinen, Verwaltung und Beratungsstellen kamen zur ersten "
                    "Fachtagung zusammen. Im Mittelpunkt stand die Frage, welche Ressourcen die Vereine "
                    "in die Stadtgesellschaft einbringen.",
                ],
            ),
            _chapter(
                "Ergebnisse der Arbeitsgruppen",
                [
                    "Die Arbeitsgruppen sammelten Beispiele gelungener Zusammenarbeit: Hausaufgabenhilfe in "
                    "Vereinsräumen, Elterncafés und Sprachpatenschaften.",
                ],
                lists=[
                    (
                        "Wünsche an die Verwaltung",
                        [
                            "feste Ansprechpersonen in den Ämtern",
                            "Räume für Vereinsarbeit zu günstigen Bedingungen",
                            "Beratung zu Förderanträgen",
                        ],
                    )
                ],
            ),
        ],
    },
    {
        "year": 2017,
        "slug": "ressourcen-potenziale-kompetenzen",
        "title": (
            "Migrantenorganisationen: Ressourcen, Potenziale und Kompetenzen - Möglichkeiten der Kooperation "
            "mit Regeldiensten, Wohlfahrtsverbänden, Jugendverbänden, Einrichtungen und Institutionen"
        ),
        "subtitle": "",
        "day": date(2017, 3, 17),
        "start": time(16, 0),
        "end": time(20, 0),
        "summary": (
            "Am Freitagnachmittag ab 16.00 Uhr trafen sich Migrantenorganisationen mit Regeldiensten, "
            "Wohlfahrtsverbänden und Jugendverbänden, um Möglichkeiten der Kooperation auszuloten. "
            "(Demo-Zusammenfassung)"
        ),
        "programme": [
            ("16:00", "Begrüßung und Einführung"),
            ("16:30", "Impulsvortrag: Kooperation auf Augenhöhe"),
            ("17:15", "Marktplatz der Einrichtungen und Vereine"),
            ("18:30", "Gesprächsrunden an Thementischen"),
            ("19:30", "Zusammenfassung und Verabschiedung"),
        ],
        "chapters": [
            _chapter(
                "Marktplatz der Einrichtungen",
                [
                    "An 24 Ständen stellten sich Vereine, Jugendverbände und Beratungsstellen vor. Viele "
                    "Gespräche drehten sich um gemeinsame Ferienangebote und um Jugendarbeit im Stadtteil.",
                ],
            ),
            _chapter(
                "Thementische",
                ["Die Thementische hielten fest, was für eine Zusammenarbeit nötig ist."],
                lists=[
                    (
                        "Jugend",
                        [
                            "gemeinsame Juleica-Schulungen für Ehrenamtliche aus Vereinen",
                            "Ferienfreizeiten mit Jugendverbänden",
                        ],
                    ),
                    (
                        "Beratung",
                        ["Sprechstunden der Wohlfahrtsverbände in Vereinsräumen", "Dolmetschpools"],
                    ),
                ],
            ),
        ],
    },
    {
        "year": 2018,
        "slug": "vernetzung",
        "title": "Vernetzung von Migrantenorganisationen und Regeldiensten",
        "subtitle": "",
        "day": date(2018, 5, 4),
        "start": time(9, 30),
        "end": time(15, 30),
        "summary": SEED_2018_SUMMARY,
        "programme": [
            ("09:30", "Ankommen und Begrüßung"),
            ("10:00", "Kennenlernen: Einrichtungen und Vereine stellen sich vor"),
            ("11:00", "Workshops zu Kooperationsideen"),
            ("12:30", "Mittagspause"),
            ("13:30", "Modelle der Zusammenarbeit: Beispiele aus Bielefeld"),
            ("15:00", "Verabredungen und Ausblick"),
        ],
        "chapters": [
            _chapter(
                "Kennenlernen",
                [
                    "Einrichtungen und Träger stellten sich den Migrantenorganisationen in kurzen "
                    "Runden vor. Eine Kooperationsbörse an Stellwänden sammelte Angebote und Gesuche.",
                ],
            ),
            _chapter(
                "Workshops",
                [
                    "In drei Workshops wurden Kooperationsideen entwickelt und ausgebaut.",
                ],
                lists=[
                    (
                        "Workshop 1: Bildung",
                        ["Lernpatenschaften mit Schulen", "Elternabende in mehreren Sprachen"],
                    ),
                    (
                        "Workshop 2: Gesundheit",
                        ["Gesundheitslotsinnen aus den Vereinen", "Informationsabende mit Fachdiensten"],
                    ),
                    (
                        "Workshop 3: Arbeit",
                        ["Tandemprojekte mit dem Jobcenter", "Bewerbungstraining in Vereinsräumen"],
                    ),
                ],
                new_page=True,
            ),
            _chapter(
                "Wie geht es weiter?",
                [
                    "Die Teilnehmenden verabredeten, die Vernetzung im Netzwerktreffen fortzusetzen und die "
                    "Fachtagung jährlich zu wiederholen.",
                ],
            ),
        ],
        "photos": [
            (
                "Demo-Bild: Teilnehmende sitzen an runden Tischen im Saal und sprechen miteinander.",
                "Workshops am Vormittag (Demo-Bild)",
            ),
            (
                "Demo-Bild: Stellwände mit bunten Karten, davor zwei Personen im Gespräch.",
                "Die Kooperationsbörse (Demo-Bild)",
            ),
        ],
    },
]


def next_conference_day(today: date) -> date:
    """The first Friday in May that is at least two months away."""
    year = today.year
    while True:
        first = date(year, 5, 1)
        friday = first + timedelta(days=(4 - first.weekday()) % 7)
        if friday >= today + timedelta(days=60):
            return friday
        year += 1


def _upcoming(today: date) -> dict:
    day = next_conference_day(today)
    return {
        "year": day.year,
        "slug": "vernetzung-im-quartier",
        "title": "Vernetzung von Migrantenorganisationen und Regeldiensten",
        "subtitle": f"Fachtagung {day.year}: Gemeinsam Angebote im Quartier gestalten (Demo)",
        "day": day,
        "start": time(9, 30),
        "end": time(15, 30),
        "status": Conference.Status.ANNOUNCED,
        "summary": (
            "Die diesjährige Fachtagung fragt, wie Migrantenorganisationen und Regeldienste in den "
            "Stadtteilen gemeinsam Angebote entwickeln können. Die Teilnahme ist kostenlos; bitte melden "
            "Sie sich an. (Demo-Ankündigung)"
        ),
        "programme": [
            ("09:30", "Ankommen, Kaffee und Begrüßung"),
            ("10:00", "Impuls: Quartiersarbeit mit Migrantenorganisationen"),
            ("11:00", "Workshops in kleinen Gruppen"),
            ("12:30", "Mittagspause mit Imbiss"),
            ("13:30", "Marktplatz der Kooperationen"),
            ("15:00", "Ergebnisse und Ausblick"),
        ],
    }


def _at(day: date, clock: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, clock))


def _file_present(queryset, field_name) -> bool:
    """Whether the demo file is loaded; a row whose file is missing from the (private) storage, e.g.
    one uploaded before the files moved there, is removed so that it is loaded again."""
    item = queryset.first()
    if item is None:
        return False
    field_file = getattr(item, field_name)
    if field_file and field_file.storage.exists(field_file.name):
        return True
    item.delete()
    return False


def _photo_png(text: str, hue: int) -> bytes:
    image = Image.new("RGB", (960, 640), (230, 236, 242))
    draw = ImageDraw.Draw(image)
    for index in range(6):
        x = 90 + (index % 3) * 290
        y = 190 + (index // 3) * 230
        draw.ellipse((x, y, x + 200, y + 110), fill=(180 - hue, 140, 90 + hue))
        for seat in range(4):
            cx = x + 20 + seat * 50
            draw.ellipse((cx, y - 50, cx + 36, y - 14), fill=(70, 70 + hue, 110))
    draw.rectangle((0, 0, 960, 90), fill=(33, 37, 41))
    draw.text((30, 25), text, fill=(255, 255, 255), font=ImageFont.load_default(size=36))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _documentation_pdf(data: dict, meeting: Meeting, kind: str) -> bytes:
    start = timezone.localtime(meeting.start)
    context = {
        "title": data["title"],
        "subtitle": data["subtitle"],
        "kind": kind,
        "when": f"{start:%d.%m.%Y}, ab {start:%H.%M} Uhr",
        "venue": meeting.room.location,
        "programme": data["programme"],
        "chapters": data.get("chapters", []) if kind == "Dokumentation" else [],
    }
    return render_pdf("conferences/pdf/documentation.html", context, language="de")


def load(stdout) -> None:
    network, _ = Network.objects.get_or_create(
        slug=CONFERENCE_NETWORK_SLUG,
        defaults={
            "name": "Fachtagung",
            "description": "Jährliche Fachtagung „Vernetzung von Migrantenorganisationen und Regeldiensten“.",
        },
    )
    room, _ = Room.objects.get_or_create(
        name="Else-Zimmermann-Saal",
        building="Neues Rathaus",
        defaults={
            "address": "Niederwall 23, 33602 Bielefeld",
            "floor": "1. Obergeschoss",
            "capacity": 80,
            "step_free": True,
            "hearing_loop": True,
        },
    )
    upcoming = _upcoming(timezone.localdate())
    for data in [*CONFERENCES, upcoming]:
        announced = data.get("status") == Conference.Status.ANNOUNCED
        programme = _programme_markdown(data["programme"])
        with translation.override("de"):
            page_url = reverse("conferences:detail", kwargs={"year": data["year"], "slug": data["slug"]})
        conference = Conference.objects.filter(year=data["year"], slug=data["slug"]).first()
        meeting_fields = {
            "start": _at(data["day"], data["start"]),
            "end": _at(data["day"], data["end"]),
            "room": room,
            "status": Meeting.Status.SCHEDULED if announced else Meeting.Status.HELD,
            "registration_open": announced,
            "capacity": room.capacity,
            "agenda": f"{programme}\n\nProgramm und Dokumentation: [Seite der Fachtagung]({page_url})",
        }
        if conference and conference.meeting_id:
            Meeting.objects.filter(pk=conference.meeting_id).update(**meeting_fields)
            meeting = Meeting.objects.select_related("room").get(pk=conference.meeting_id)
        else:
            meeting, _ = Meeting.objects.update_or_create(
                network=network, title=f"Fachtagung {data['year']}", defaults=meeting_fields
            )
        conference, _ = Conference.objects.update_or_create(
            year=data["year"],
            slug=data["slug"],
            defaults={
                "title": data["title"],
                "subtitle": data["subtitle"],
                "meeting": meeting,
                "summary": data["summary"],
                "programme": programme,
                "status": data.get("status", Conference.Status.HELD),
            },
        )
        documents = (
            [("Programm", Document.Kind.PROGRAMME)]
            if announced
            else [(f"Dokumentation der Fachtagung {data['year']} (Demo)", Document.Kind.DOCUMENTATION)]
        )
        for title, kind in documents:
            if _file_present(conference.documents.filter(title=title), "file"):
                continue
            label = "Programm" if kind == Document.Kind.PROGRAMME else "Dokumentation"
            pdf = _documentation_pdf(data, meeting, label)
            filename = f"{label.lower()}-fachtagung-{data['year']}.pdf"
            document = Document(
                conference=conference,
                title=title,
                kind=kind,
                language="de",
                file=ContentFile(pdf, name=filename),
            )
            services.save_document(document, None, refresh=False)
        for position, (alt_text, caption) in enumerate(data.get("photos", [])):
            if _file_present(conference.photos.filter(alt_text=alt_text), "image"):
                continue
            image = _photo_png(caption, 30 * position)
            photo = Photo(
                conference=conference,
                alt_text=alt_text,
                caption=caption,
                position=position * 10,
                image=ContentFile(image, name=f"fachtagung-{data['year']}-{position + 1}.png"),
            )
            services.save_photo(photo, None)
        services.refresh_search_vector(conference)
    stdout.write("conferences: the conferences of 2015, 2017 and 2018 and the next one ready")
