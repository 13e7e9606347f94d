from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from organisations.models import OfferCategory, Organisation
from organisations.queries import directory_changed
from organisations.search import update_search_vectors


@receiver(post_save, sender=Organisation)
def organisation_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        update_search_vectors([instance.pk])


@receiver(post_delete, sender=Organisation)
def organisation_deleted(sender, instance, **kwargs):
    directory_changed()


@receiver(m2m_changed, sender=Organisation.offers.through)
def offers_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if reverse:
        update_search_vectors(
            instance.organisations.values_list("pk", flat=True) if pk_set is None else pk_set
        )
    else:
        update_search_vectors([instance.pk])


@receiver(post_save, sender=OfferCategory)
def offer_category_saved(sender, instance, raw=False, created=False, **kwargs):
    if not raw and not created:
        update_search_vectors(instance.organisations.values_list("pk", flat=True))
