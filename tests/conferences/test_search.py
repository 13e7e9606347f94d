import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conferences import queries, services
from conferences.models import Conference
from tests.conferences.factories import ConferenceFactory, DocumentFactory, past_conference, pdf_upload

pytestmark = pytest.mark.django_db


def test_a_word_only_inside_an_uploaded_pdf_finds_the_conference(client):
    found = past_conference(2018, title="Vernetzung von Migrantenorganisationen und Regeldiensten")
    other = past_conference(2017, title="Ressourcen und Kompetenzen")
    DocumentFactory(
        conference=found, file=pdf_upload("doku.pdf", "Einleitung", "Die Quartiersbruecke verbindet Vereine")
    )
    DocumentFactory(conference=other, file=pdf_upload("doku.pdf", "Ganz andere Ergebnisse"))
    for conference in (found, other):
        conference.refresh_from_db()
        assert "Quartiersbruecke" not in f"{conference.title} {conference.summary} {conference.programme}"

    response = client.get(reverse("conferences:archive"), {"q": "Quartiersbruecke"})
    assert response.status_code == 200
    assert [c.pk for c in response.context["results"].conferences] == [found.pk]
    content = response.content.decode()
    assert found.title in content and other.title not in content
    assert "<mark>Quartiersbruecke</mark>" in content


def test_search_uses_german_stemming_and_titles_rank_first():
    in_title = past_conference(2015, title="Kooperation mit Regeldiensten")
    in_pdf = past_conference(2019, title="Jahrestagung")
    DocumentFactory(conference=in_pdf, file=pdf_upload("d.pdf", "Viele Kooperationen wurden verabredet"))
    results = queries.search("Kooperationen")
    assert [c.pk for c in results.conferences] == [in_title.pk, in_pdf.pk]


def test_deleting_a_document_removes_its_text_from_the_search():
    conference = past_conference(2018)
    document = DocumentFactory(conference=conference, file=pdf_upload("d.pdf", "Tandemprojekte im Stadtteil"))
    assert len(queries.search("Tandemprojekte")) == 1
    services.delete_document(document, None)
    assert len(queries.search("Tandemprojekte")) == 0


def test_editing_a_conference_updates_the_search():
    conference = past_conference(2018)
    assert len(queries.search("Gesundheitslotsinnen")) == 0
    conference.summary = "Gesundheitslotsinnen aus den Vereinen berichteten."
    services.save_conference(conference, None)
    assert len(queries.search("Gesundheitslotsinnen")) == 1


def test_drafts_are_not_found_by_the_public(staff):
    draft = past_conference(2020, title="Geheimer Entwurf", status=Conference.Status.DRAFT)
    services.refresh_search_vector(draft)
    assert len(queries.search("Entwurf")) == 0
    assert [c.pk for c in queries.search("Entwurf", staff).conferences] == [draft.pk]


def test_search_text_from_a_pdf_is_escaped(client):
    conference = past_conference(2018)
    DocumentFactory(
        conference=conference,
        file=pdf_upload(
            "d.pdf",
            "<script>alert(1)</script> Die Vereinsarbeit & Co wird von vielen Menschen "
            "in der Stadt getragen und gestaltet",
        ),
    )
    content = client.get(reverse("conferences:archive"), {"q": "Vereinsarbeit"}).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "<mark>Vereinsarbeit</mark> &amp; Co" in content


@pytest.mark.parametrize("query", ["", "   ", '"', "!!! & | (", "Kooperation OR -Verein", "ü" * 100])
def test_odd_queries_do_not_fail(client, query):
    past_conference(2018)
    assert client.get(reverse("conferences:archive"), {"q": query}).status_code == 200


def test_too_long_query_keeps_the_text_and_explains(client):
    response = client.get(reverse("conferences:archive"), {"q": "x" * 101})
    assert response.status_code == 200
    content = response.content.decode()
    assert "höchstens 100 Zeichen" in content
    assert 'value="' + "x" * 101 + '"' in content


def _count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, params or {}).status_code == 200
    return len(context)


def test_archive_and_search_query_counts_do_not_grow(client, django_assert_max_num_queries):
    url = reverse("conferences:archive")
    for year in (2016, 2017):
        DocumentFactory(conference=past_conference(year), file=pdf_upload("d.pdf", "Kooperation"))
    ConferenceFactory(status=Conference.Status.ANNOUNCED)
    small = _count_queries(client, url)
    small_search = _count_queries(client, url, {"q": "Kooperation"})
    for year in range(2000, 2012):
        conference = past_conference(year)
        for _ in range(4):
            DocumentFactory(conference=conference, file=pdf_upload("d.pdf", "Kooperation"))
    with django_assert_max_num_queries(small):
        client.get(url)
    with django_assert_max_num_queries(small_search):
        response = client.get(url, {"q": "Kooperation"})
    assert len(response.context["results"]) == 14
    assert small <= 6


def test_search_results_come_in_pages(client):
    for year in range(2000, 2012):
        past_conference(year, summary="Elternarbeit im Stadtteil")
    url = reverse("conferences:archive")
    first = client.get(url, {"q": "Elternarbeit"})
    assert len(first.context["results"].conferences) == 10
    content = first.content.decode()
    assert "12 Fachtagungen gefunden" in content
    assert "Seite 1 von 2" in content and "seite=2" in content
    second = client.get(url, {"q": "Elternarbeit", "seite": "2"})
    assert [c.year for c in second.context["results"].conferences] == [2001, 2000]
    assert client.get(url, {"q": "Elternarbeit", "seite": "abc"}).status_code == 200
    assert client.get(url, {"q": "Elternarbeit", "seite": "99"}).context["results"].page.number == 2
