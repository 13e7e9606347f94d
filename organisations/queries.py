"""Reads of the directory: who represents what, full-text search, filters and facet counts."""

import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, F, Prefetch, Q
from django_countries import countries

from organisations.models import District, Language, Membership, OfferCategory, Organisation

MAX_QUERY_LENGTH = 100
MAX_TERMS = 8
# ts_rank weights for D, C, B, A: a name match (A) far outweighs one in the texts (C).
RANK_WEIGHTS = [0.05, 0.2, 0.5, 1.0]
UMLAUT_SPELLINGS = (("ae", "ä"), ("oe", "ö"), ("ue", "ü"))


def represented_organisations(user):
    """The organisations this user may act for (approved memberships only)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        memberships__user=user, memberships__status=Membership.Status.APPROVED
    ).distinct()


def represents(user, organisation) -> bool:
    return (
        user.is_authenticated
        and Membership.objects.approved().filter(user=user, organisation=organisation).exists()
    )


def public_organisations():
    return Organisation.objects.published()


# Search --------------------------------------------------------------------------------------------


def search_terms(text: str) -> list[str]:
    """The words of a search, lower-cased; punctuation and tsquery operators are dropped."""
    return re.findall(r"[^\W_]+", text.lower())[:MAX_TERMS]


def tsquery_source(text: str) -> str:
    """A raw tsquery in which every word is a prefix, e.g. ``sprach`` -> ``sprach:*``.

    A word typed without umlauts ("Tuerkisch") also matches its umlaut spelling ("türkisch").
    """
    parts = []
    for term in search_terms(text):
        spellings = {term[:40]}
        for ascii_spelling, umlaut in UMLAUT_SPELLINGS:
            spellings |= {spelling.replace(ascii_spelling, umlaut) for spelling in spellings}
        alternatives = " | ".join(f"{spelling}:*" for spelling in sorted(spellings))
        parts.append(f"({alternatives})")
    return " & ".join(parts)


def search_query(text: str) -> SearchQuery | None:
    source = tsquery_source(text)
    if not source:
        return None
    return SearchQuery(source, search_type="raw", config="german")


# Directory -----------------------------------------------------------------------------------------


class Sort:
    RELEVANCE = "relevanz"
    NAME = "name"
    CONFIRMED = "aktualisiert"


@dataclass
class DirectoryFilters:
    q: str = ""
    offer: str = ""
    language: str = ""
    origin: str = ""
    district: str = ""
    sort: str = ""

    DIMENSIONS = ("offer", "language", "origin", "district")

    def without(self, dimension: str) -> "DirectoryFilters":
        values = {name: getattr(self, name) for name in ("q", "offer", "language", "origin", "district")}
        values[dimension] = ""
        return DirectoryFilters(**values)

    @property
    def effective_sort(self) -> str:
        if self.sort in {Sort.RELEVANCE, Sort.NAME, Sort.CONFIRMED}:
            if self.sort == Sort.RELEVANCE and not self.q:
                return Sort.NAME
            return self.sort
        return Sort.RELEVANCE if self.q else Sort.NAME


def filtered_organisations(filters: DirectoryFilters):
    """Published organisations matching the search and every filter (unordered, no annotations)."""
    queryset = public_organisations()
    query = search_query(filters.q) if filters.q else None
    if query is not None:
        queryset = queryset.filter(search_vector=query)
    if filters.offer:
        queryset = queryset.filter(offer_slugs__contains=[filters.offer])
    if filters.language:
        queryset = queryset.filter(languages__contains=[filters.language])
    if filters.origin:
        queryset = queryset.filter(origins__regex=rf"(^|,){re.escape(filters.origin)}(,|$)")
    if filters.district:
        queryset = queryset.filter(district=filters.district)
    return queryset


def directory_page_queryset(filters: DirectoryFilters):
    """The ordered result list, with what a result card shows prefetched."""
    queryset = filtered_organisations(filters).prefetch_related(
        Prefetch("offers", queryset=OfferCategory.objects.order_by("position", "name_de"))
    )
    query = search_query(filters.q) if filters.q else None
    sort = filters.effective_sort
    if query is not None and sort == Sort.RELEVANCE:
        queryset = queryset.annotate(
            rank=SearchRank(F("search_vector"), query, weights=RANK_WEIGHTS)
        ).order_by("-rank", "name", "pk")
    elif sort == Sort.CONFIRMED:
        queryset = queryset.order_by(F("confirmed_at").desc(nulls_last=True), "name", "pk")
    else:
        queryset = queryset.order_by("name", "pk")
    return queryset.defer("search_vector", "activities")


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Facet:
    name: str
    options: list[FacetOption] = field(default_factory=list)


FACET_SQL = """
WITH base AS MATERIALIZED (
    SELECT * FROM (
        SELECT o.id, o.offer_slugs, o.languages, o.origins AS origin_list, o.district,
               {offer} AS m_offer, {language} AS m_language, {origin} AS m_origin, {district} AS m_district
        FROM organisations_organisation o
        WHERE o.status = %(status)s {search}
    ) AS candidates
    -- A row that fails two filters counts in no facet.
    WHERE m_offer::int + m_language::int + m_origin::int + m_district::int >= 3
)
SELECT 'offer', code, COUNT(*) FROM base, unnest(base.offer_slugs) AS code
    WHERE m_language AND m_origin AND m_district GROUP BY code
UNION ALL
SELECT 'language', code, COUNT(*) FROM base, unnest(base.languages) AS code
    WHERE m_offer AND m_origin AND m_district GROUP BY code
UNION ALL
SELECT 'origin', code, COUNT(*) FROM base, unnest(string_to_array(base.origin_list, ',')) AS code
    WHERE m_offer AND m_language AND m_district GROUP BY code
UNION ALL
SELECT 'district', district, COUNT(*) FROM base
    WHERE m_offer AND m_language AND m_origin AND district <> '' GROUP BY district
UNION ALL
SELECT 'total', '', COUNT(*) FROM base WHERE m_offer AND m_language AND m_origin AND m_district
"""

FILTER_SQL = {
    "offer": "o.offer_slugs @> ARRAY[%(offer)s]::varchar[]",
    "language": "o.languages @> ARRAY[%(language)s]::varchar[]",
    "origin": "%(origin)s = ANY(string_to_array(o.origins, ','))",
    "district": "o.district = %(district)s",
}


FACET_CACHE_SECONDS = 60
FACET_VERSION_KEY = "organisations:directory-version"


def directory_version() -> int:
    return cache.get_or_set(FACET_VERSION_KEY, 1, timeout=None)


def directory_changed() -> None:
    """Forget cached counts; called whenever an entry or its offers change."""
    try:
        cache.incr(FACET_VERSION_KEY)
    except ValueError:
        cache.set(FACET_VERSION_KEY, 2, timeout=None)


def facet_data(filters: DirectoryFilters) -> tuple[dict[str, dict[str, int]], int]:
    """``count_facets`` of the filters; the counts of the unfiltered directory (its landing page, by
    far the most requested) are cached until an entry changes."""
    if filters.q or any(getattr(filters, dimension) for dimension in DirectoryFilters.DIMENSIONS):
        return count_facets(filters)
    key = f"organisations:facets:{directory_version()}"
    data = cache.get(key)
    if data is None:
        data = count_facets(filters)
        cache.set(key, data, FACET_CACHE_SECONDS)
    return data


def count_facets(filters: DirectoryFilters) -> tuple[dict[str, dict[str, int]], int]:
    """For every filter, how many results each of its values would give together with the others,
    and the number of results of the current filters, in one query.

    Each dimension is counted over the rows that match all the *other* filters, so the number next
    to a value is exactly the result count after choosing it. The rows that match the search are
    read once (a materialised CTE) and every filter becomes a flag on them.
    """
    params = {"status": Organisation.Status.PUBLISHED}
    parts = {}
    for dimension in DirectoryFilters.DIMENSIONS:
        value = getattr(filters, dimension)
        if value:
            params[dimension] = value
            parts[dimension] = FILTER_SQL[dimension]
        else:
            parts[dimension] = "TRUE"
    source = tsquery_source(filters.q) if filters.q else ""
    if source:
        params["query"] = source
        parts["search"] = "AND o.search_vector @@ to_tsquery('german'::regconfig, %(query)s)"
    else:
        parts["search"] = ""
    counts: dict[str, dict[str, int]] = {dimension: {} for dimension in DirectoryFilters.DIMENSIONS}
    total = 0
    with connection.cursor() as cursor:
        cursor.execute(FACET_SQL.format(**parts), params)
        for dimension, value, count in cursor.fetchall():
            if dimension == "total":
                total = count
            elif value:
                counts[dimension][value] = count
    return counts, total


def facet_counts(filters: DirectoryFilters, categories, counts: dict[str, dict[str, int]]) -> dict:
    """The options of every filter with their counts (see ``facet_data``)."""

    def options(pairs, dimension_counts, selected, keep_empty):
        return [
            FacetOption(value, str(label), dimension_counts.get(value, 0), value == selected)
            for value, label in pairs
            if keep_empty or dimension_counts.get(value) or value == selected
        ]

    origin_counts = counts["origin"]
    language_labels = sorted(((v, str(label)) for v, label in Language.choices), key=lambda p: p[1])
    origin_pairs = sorted(((code, countries.name(code)) for code in origin_counts), key=lambda p: p[1])
    if filters.origin and filters.origin not in origin_counts:
        origin_pairs.append((filters.origin, countries.name(filters.origin)))
    return {
        "offer": Facet(
            "offer", options([(c.slug, c.name) for c in categories], counts["offer"], filters.offer, True)
        ),
        "language": Facet("language", options(language_labels, counts["language"], filters.language, False)),
        "origin": Facet("origin", options(origin_pairs, origin_counts, filters.origin, False)),
        "district": Facet("district", options(District.choices, counts["district"], filters.district, True)),
    }


def pending_change(organisation):
    return organisation.change_requests.filter(status="pending").first()


def dashboard_memberships(user):
    """The user's memberships (all states) with their organisations, for "Mein Bereich"."""
    return (
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .annotate(
            pending_changes=Count(
                "organisation__change_requests", filter=Q(organisation__change_requests__status="pending")
            )
        )
        .order_by("organisation__name")
    )
