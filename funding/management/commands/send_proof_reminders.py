from django.core.management.base import BaseCommand

from funding.services import send_proof_reminders


class Command(BaseCommand):
    help = "Remind applicants of proofs of use that are due (one mail per due date; safe to run daily)."

    def handle(self, *args, **options):
        sent = send_proof_reminders()
        self.stdout.write(f"{sent} reminder(s) sent.")
