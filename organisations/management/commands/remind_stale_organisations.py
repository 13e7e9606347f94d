from django.core.management.base import BaseCommand

from organisations.services import remind_stale_organisations


class Command(BaseCommand):
    help = (
        "Ask the representatives of published entries that have not been confirmed for a year to check "
        "them (at most once a month per entry). Run daily, like apply_retention."
    )

    def handle(self, *args, **options):
        count = remind_stale_organisations()
        self.stdout.write(f"{count} organisation(s) reminded")
