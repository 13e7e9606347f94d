"""The full-text search document of an organisation, kept in ``Organisation.search_vector``.

Weights: A name and short name, B offers, target groups, languages, origins and district, C the texts.
Language and country names go in in German and English so that both interfaces find them.
"""

from django.db import connection
from django.utils import translation
from django_countries import countries

from organisations.models import District, Language, Organisation
from organisations.queries import directory_changed

UPDATE_SQL = """
UPDATE organisations_organisation SET search_vector =
    setweight(to_tsvector('german', %s), 'A')
    || setweight(to_tsvector('german', %s), 'B')
    || setweight(to_tsvector('german', %s), 'C'),
    offer_slugs = %s
WHERE id = %s
"""


def _labels(code_labels) -> str:
    words = []
    for language in ("de", "en"):
        with translation.override(language):
            words.extend(str(label) for label in code_labels())
    return " ".join(words)


def search_texts(organisation: Organisation, offer_names: list[str]) -> tuple[str, str, str]:
    language_labels = dict(Language.choices)

    def languages():
        return [language_labels.get(code, code) for code in organisation.languages]

    def origins():
        return [countries.name(code) for code in organisation.origins]

    name = f"{organisation.name} {organisation.short_name}"
    facts = " ".join(
        [
            *offer_names,
            organisation.target_groups,
            organisation.community,
            _labels(languages),
            _labels(origins),
            District(organisation.district).label if organisation.district else "",
        ]
    )
    texts = " ".join([organisation.description, organisation.activities, organisation.meeting_place])
    return name, facts, texts


def update_search_vectors(organisation_ids) -> None:
    """Recompute the search document and offer slugs of the given organisations (one statement per row).

    Cached counts of the directory are forgotten afterwards.
    """
    organisations = Organisation.objects.filter(pk__in=list(organisation_ids)).prefetch_related("offers")
    rows = []
    for organisation in organisations:
        offers = list(organisation.offers.all())
        offer_names = [name for offer in offers for name in (offer.name_de, offer.name_en)]
        slugs = sorted(offer.slug for offer in offers)
        rows.append((*search_texts(organisation, offer_names), slugs, organisation.pk))
    if rows:
        with connection.cursor() as cursor:
            cursor.executemany(UPDATE_SQL, rows)
        directory_changed()
