from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from portal import demo


class Command(BaseCommand):
    help = "Load the demo data of every app (safe to run again: nothing is created twice)."

    def handle(self, *args, **options):
        # Each project app may ship a demo module; PROJECT_APPS lists them in dependency order.
        for app_label in settings.PROJECT_APPS:
            module_name = f"{app_label}.demo"
            if find_spec(module_name) is None:
                continue
            with transaction.atomic():
                import_module(module_name).load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(f"  Staff (admin):   {demo.STAFF_EMAIL} / {demo.STAFF_PASSWORD}")
        self.stdout.write(f"  Representative:  {demo.REPRESENTATIVE_EMAIL} / {demo.REPRESENTATIVE_PASSWORD}")
