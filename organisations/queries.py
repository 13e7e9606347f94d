"""Reads of the directory: who represents what, full-text search, filters and facet counts."""

import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank
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
        queryset = queryset.filter(offers__slug=filters.offer)
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


def _unnest_counts(queryset, expression: str) -> dict[str, int]:
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT code, COUNT(*) FROM (SELECT {expression} AS code FROM organisations_organisation o "
            f"WHERE o.id IN ({sql})) AS codes GROUP BY code",
            params,
        )
        return {code: count for code, count in cursor.fetchall() if code}


def facet_counts(filters: DirectoryFilters, categories) -> dict[str, Facet]:
    """For every filter, how many results each of its values would give together with the others.

    Each dimension is counted over the results of all the *other* filters, so the number next to a
    value is exactly the result count after choosing it. One query per dimension.
    """
    offer_counts = dict(
        filtered_organisations(filters.without("offer"))
        .filter(offers__isnull=False)
        .order_by()
        .values_list("offers__slug")
        .annotate(n=Count("pk"))
    )
    language_counts = _unnest_counts(
        filtered_organisations(filters.without("language")), "unnest(o.languages)"
    )
    origin_counts = _unnest_counts(
        filtered_organisations(filters.without("origin")), "unnest(string_to_array(o.origins, ','))"
    )
    district_counts = dict(
        filtered_organisations(filters.without("district"))
        .exclude(district="")
        .order_by()
        .values_list("district")
        .annotate(n=Count("pk"))
    )

    def options(pairs, counts, selected, keep_empty):
        result = [
            FacetOption(value, str(label), counts.get(value, 0), value == selected)
            for value, label in pairs
            if keep_empty or counts.get(value) or value == selected
        ]
        return result

    language_labels = sorted(((v, str(label)) for v, label in Language.choices), key=lambda p: p[1])
    origin_pairs = sorted(((code, countries.name(code)) for code in origin_counts), key=lambda p: p[1])
    if filters.origin and filters.origin not in origin_counts:
        origin_pairs.append((filters.origin, countries.name(filters.origin)))
    return {
        "offer": Facet(
            "offer", options([(c.slug, c.name) for c in categories], offer_counts, filters.offer, True)
        ),
        "language": Facet("language", options(language_labels, language_counts, filters.language, False)),
        "origin": Facet("origin", options(origin_pairs, origin_counts, filters.origin, False)),
        "district": Facet("district", options(District.choices, district_counts, filters.district, True)),
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
