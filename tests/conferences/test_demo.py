import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from conferences import demo, queries
from conferences.models import Conference, Document, Photo
from meetings import demo as meetings_demo
from meetings.models import Meeting
from portal import demo as portal_demo

pytestmark = pytest.mark.django_db


def test_next_conference_day_is_a_friday_in_may_far_enough_ahead():
    assert demo.next_conference_day(date(2026, 11, 28)) == date(2027, 5, 7)
    assert demo.next_conference_day(date(2027, 1, 10)) == date(2027, 5, 7)
    assert demo.next_conference_day(date(2027, 4, 1)) == date(2028, 5, 5)


def test_demo_conferences_load_twice_without_duplicates(client):
    portal_demo.load(io.StringIO())
    meetings_demo.load(io.StringIO())
    demo.load(io.StringIO())
    demo.load(io.StringIO())
    conferences = list(Conference.objects.order_by("year"))
    assert [c.year for c in conferences][:3] == [2015, 2017, 2018]
    assert len(conferences) == 4
    assert conferences[1].title.startswith("Migrantenorganisationen: Ressourcen, Potenziale und Kompetenzen")
    assert conferences[2].title == "Vernetzung von Migrantenorganisationen und Regeldiensten"
    assert conferences[2].summary.startswith("An diesem Tag wurde den Einrichtungen und Trägern")
    start_2017 = timezone.localtime(conferences[1].meeting.start)
    assert start_2017.strftime("%d.%m.%Y %H:%M") == "17.03.2017 16:00"
    assert timezone.localtime(conferences[2].meeting.start).date() == date(2018, 5, 4)
    assert {c.meeting.network.slug for c in conferences} == {"fachtagung"}
    assert Meeting.objects.filter(network__slug="fachtagung").count() == 4
    for conference in conferences[:3]:
        documentation = conference.documents.get(kind=Document.Kind.DOCUMENTATION)
        assert documentation.page_count >= 1 and documentation.mime_type == "application/pdf"
        assert "Demo-Dokumentation mit fiktivem Inhalt" in documentation.text
    assert Photo.objects.count() == 2
    upcoming = queries.next_conference()
    assert upcoming == conferences[3] and upcoming.accepts_registrations
    # A word that only the generated 2018 documentation contains.
    assert [c.year for c in queries.search("Tandemprojekte").conferences] == [2018]
    assert client.get(reverse("conferences:archive")).status_code == 200
    for conference in conferences:
        assert client.get(conference.get_absolute_url()).status_code == 200


def test_demo_files_are_private_and_reloaded_when_missing(client, settings):
    portal_demo.load(io.StringIO())
    meetings_demo.load(io.StringIO())
    demo.load(io.StringIO())
    photo = Photo.objects.select_related("conference").first()
    document = Document.objects.filter(conference=photo.conference).first()
    for field_file in (photo.image, document.file):
        assert field_file.storage.exists(field_file.name)
        assert not (settings.MEDIA_ROOT / field_file.name).exists()
    photo.image.storage.delete(photo.image.name)
    document.file.storage.delete(document.file.name)
    demo.load(io.StringIO())
    assert Photo.objects.count() == 2
    reloaded = Photo.objects.get(alt_text=photo.alt_text)
    assert reloaded.image.storage.exists(reloaded.image.name)
    reloaded_document = Document.objects.get(conference=document.conference, title=document.title)
    assert reloaded_document.file.storage.exists(reloaded_document.file.name)
    assert client.get(reloaded.get_absolute_url()).status_code == 200
    assert client.get(reloaded_document.get_absolute_url()).status_code == 200
