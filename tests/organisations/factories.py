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
    return OfferCategory.objects.get(slug=slug)
