"""Reads of the archive: conferences by year, the full-text search and the next conference."""

from dataclasses import dataclass
from itertools import groupby

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.paginator import Page, Paginator
from django.db.models import F, Prefetch
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from conferences.models import Conference, Document
from conferences.services import SEARCH_CONFIG

MAX_QUERY_LENGTH = 100
# Private-use characters around the matched words; the rest of the headline is escaped.
MARK_START, MARK_STOP = "\ue000", "\ue001"
RESULTS_PER_PAGE = 10


def _documents():
    # The extracted text can be long; lists never need it.
    return Document.objects.defer("text", "search_vector").order_by("position", "pk")


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
    page: Page | None = None

    @property
    def conferences(self) -> list[Conference]:
        return list(self.page.object_list) if self.page else []

    @property
    def count(self) -> int:
        return self.page.paginator.count if self.page else 0

    def __len__(self):
        return self.count


def search(text: str, user=None, page_number=1) -> SearchResults:
    """Conferences whose titles, summary, programme or PDF text match, best first, a page at a time.

    Each conference on the page gets ``matching_documents``: its documents in which the words occur;
    the first of them gets a ``headline_html`` showing the words in context.
    """
    text = " ".join((text or "").split())[:MAX_QUERY_LENGTH]
    results = SearchResults(query=text)
    if not text:
        return results
    query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
    conferences = Conference.objects.visible_to(user) if user is not None else Conference.objects.public()
    conferences = (
        _with_related(conferences.filter(search_vector=query).defer("search_vector"))
        .annotate(rank=SearchRank(F("search_vector"), query))
        .order_by("-rank", "-year", "title")
    )
    results.page = Paginator(conferences, RESULTS_PER_PAGE).get_page(page_number)
    on_page = list(results.page.object_list)
    results.page.object_list = on_page
    matches = list(
        Document.objects.filter(conference__in=[c.pk for c in on_page], search_vector=query)
        .defer("text", "search_vector")
        .order_by("position", "pk")
    )
    by_conference = {}
    for document in matches:
        by_conference.setdefault(document.conference_id, []).append(document)
    # Headlines parse the whole text, so only the first matching document of each conference gets one.
    first = {documents[0].pk: documents[0] for documents in by_conference.values()}
    headlines = Document.objects.filter(pk__in=list(first)).annotate(
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
    for pk, headline in headlines.values_list("pk", "headline") if first else []:
        first[pk].headline_html = highlight(headline)
    for conference in on_page:
        conference.matching_documents = by_conference.get(conference.pk, [])
        for document in conference.matching_documents:
            document.conference = conference
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
