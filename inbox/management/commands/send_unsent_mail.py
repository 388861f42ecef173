"""Retry the mail of visitors' messages and corrections whose first send failed (run it from cron)."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from inbox.mail import deliver
from inbox.models import Correction, Message

#: Rows younger than this may still be on their first try (sent after the request's commit).
GRACE = timedelta(minutes=1)


class Command(BaseCommand):
    help = "Wysyła ponownie e-maile o wiadomościach i poprawkach, których nie udało się wysłać."

    def handle(self, *args, **options):
        before = timezone.now() - GRACE
        sent = failed = 0
        for model in (Message, Correction):
            for item in model.objects.unsent().filter(created_at__lte=before).order_by("pk"):
                if deliver(item):
                    sent += 1
                else:
                    failed += 1
        self.stdout.write(f"sent: {sent}, still unsent: {failed}")
        if failed:
            # A non-zero exit makes cron (or the monitoring reading its mail) notice.
            raise SystemExit(1)
