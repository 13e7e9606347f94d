from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone


class Command(BaseCommand):
    help = (
        "Delete or anonymise personal data whose retention period has passed (PORTAL_RETENTION_DAYS). "
        "Safe to run daily."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        # Each project app keeps the rules for its own data in <app>/retention.py.
        for app_label in settings.PROJECT_APPS:
            module_name = f"{app_label}.retention"
            if find_spec(module_name) is not None:
                import_module(module_name).apply(now, self.stdout)
