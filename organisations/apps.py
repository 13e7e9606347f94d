from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "organisations"
    verbose_name = _("Organisations")

    def connect_signals(self):
        from organisations import signals  # noqa: F401

    def ready(self):
        self.connect_signals()
