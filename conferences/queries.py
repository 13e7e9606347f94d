"""Reads of the archive: conferences by year, the full-text search and the next conference."""

from dataclasses import dataclass, field
from itertools import groupby

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db.models import F, Prefetch
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from conferences.models import Conference, Document
from conferences.services import SEARCH_CONFIG

MAX_QUERY_LENGTH = 100
# Private-use characters around the matched words; the rest of the headline is escaped.
MARK_START, MARK_STOP = "\ue000", "\ue001"
MAX_RESULTS = 50


def _documents():
    # The extracted text can be long; lists never need it.
    return Document.objects.defer("text").order_by("position", "pk")


def _with_related(queryset):
    return queryset.select_related("meeting", "meeting__room").prefetch_related(
        Prefetch("documents", queryset=_documents())
    )


def by_year(conferences) -> list[tuple[int, list[Conference]]]:
    return [(year, list(items)) for year, items in groupby(conferences, key=lambda c: c.year)]


def archive(user=None) -> list[tuple[int, list[Conference]]]:
    """Every public conference (staff also see drafts), newest year first."""
    conferences = Conference.objects.visible_to(user) if user is not None else Conference.objects.public()
    conferences = _with_related(conferences.defer("search_vector")).order_by(
        "-year", F("meeting__start").desc(nulls_last=True), "title"
    )
    return by_year(conferences)


@dataclass
class SearchResults:
    query: str
    conferences: list[Conference] = field(default_factory=list)

    def __len__(self):
        return len(self.conferences)


def search(text: str, user=None) -> SearchResults:
    """Conferences whose titles, summary, programme or PDF text match, best first.

    Each conference gets ``matching_documents``: its documents in which the words occur, with a
    ``headline`` showing them in context.
    """
    text = " ".join((text or "").split())[:MAX_QUERY_LENGTH]
    results = SearchResults(query=text)
    if not text:
        return results
    query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
    conferences = Conference.objects.visible_to(user) if user is not None else Conference.objects.public()
    conferences = list(
        _with_related(conferences.filter(search_vector=query).defer("search_vector"))
        .annotate(rank=SearchRank(F("search_vector"), query))
        .order_by("-rank", "-year", "title")[:MAX_RESULTS]
    )
    matches = (
        Document.objects.filter(conference__in=[c.pk for c in conferences])
        .annotate(vector=SearchVector("title", "text", config=SEARCH_CONFIG))
        .filter(vector=query)
        .annotate(
            headline=SearchHeadline(
                "text",
                query,
                config=SEARCH_CONFIG,
                start_sel=MARK_START,
                stop_sel=MARK_STOP,
                max_words=30,
                min_words=12,
                max_fragments=1,
            )
        )
        .defer("text")
        .order_by("position", "pk")
    )
    by_conference = {}
    for document in matches:
        document.headline_html = highlight(document.headline)
        by_conference.setdefault(document.conference_id, []).append(document)
    for conference in conferences:
        conference.matching_documents = by_conference.get(conference.pk, [])
        for document in conference.matching_documents:
            document.conference = conference
    results.conferences = conferences
    return results


def highlight(headline: str) -> str:
    escaped = escape(" ".join((headline or "").split()))
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>"))  # noqa: S308


def next_conference(now=None) -> Conference | None:
    """The next announced conference whose meeting has not ended."""
    return (
        Conference.objects.filter(status=Conference.Status.ANNOUNCED, meeting__end__gte=now or timezone.now())
        .select_related("meeting", "meeting__room", "meeting__network")
        .defer("search_vector")
        .order_by("meeting__start")
        .first()
    )


def latest_held(now=None) -> Conference | None:
    return (
        Conference.objects.filter(status=Conference.Status.HELD)
        .select_related("meeting")
        .defer("search_vector")
        .order_by("-year", F("meeting__start").desc(nulls_last=True))
        .first()
    )


def conference_for_page(year: int, slug: str, user) -> Conference:
    """The conference with its documents and photos; raises DoesNotExist for drafts unless staff."""
    return (
        Conference.objects.visible_to(user)
        .defer("search_vector")
        .select_related("meeting", "meeting__room", "meeting__network")
        .prefetch_related(Prefetch("documents", queryset=_documents()), "photos")
        .get(year=year, slug=slug)
    )
