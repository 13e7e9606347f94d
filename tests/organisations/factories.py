import factory

from organisations.models import OfferCategory, Organisation
from tests.factories import OrganisationFactory


class DirectoryOrganisationFactory(OrganisationFactory):
    """A complete, published entry as it appears in the directory."""

    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    description = "Ein Verein in Bielefeld."
    district = "mitte"
    languages = factory.LazyFunction(lambda: ["de"])
    publication_consent = True
    status = Organisation.Status.PUBLISHED

    @factory.post_generation
    def offers(self, create, extracted, **kwargs):
        if create and extracted:
            self.offers.set(extracted)


def category(slug: str) -> OfferCategory:
    """A seeded offer category (seeded again if a transactional test has emptied the table)."""
    from importlib import import_module

    seeded = import_module("organisations.migrations.0004_seed_offer_categories").CATEGORIES
    for position, (code, name_de, name_en) in enumerate(seeded, start=1):
        if code == slug:
            return OfferCategory.objects.get_or_create(
                slug=slug, defaults={"name_de": name_de, "name_en": name_en, "position": position}
            )[0]
    raise LookupError(slug)
