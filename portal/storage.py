from django.core.files.storage import storages


def private_storage():
    """Storage for applicants' files: outside MEDIA_ROOT, served only by permission-checked views.

    A callable (not the storage itself) keeps migrations independent of the configured location.
    """
    return storages["private"]
