"""Forget visitors' personal data after the retention period (run it daily from cron).

Messages are deleted: all of one is what somebody wrote. Corrections are kept for the editors'
record but lose their e-mail address. The hashed client address, kept only for the rate limit,
is blanked once older than a day (or the rate limit window).
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from inbox.models import Correction, Message


def months_ago(now, months):
    """The same day and time ``months`` calendar months before ``now`` (clamped to month end)."""
    month_index = now.year * 12 + now.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    day = now.day
    while True:  # 31, 30, 29, 28: the first that exists in that month
        try:
            return now.replace(year=year, month=month, day=day)
        except ValueError:
            day -= 1


class Command(BaseCommand):
    help = "Usuwa lub anonimizuje dane osobowe z wiadomości i poprawek starszych niż okres przechowywania."

    def add_arguments(self, parser):
        parser.add_argument(
            "--months",
            type=int,
            default=settings.PERSONAL_DATA_RETENTION_MONTHS,
            help="Okres przechowywania w miesiącach (domyślnie PERSONAL_DATA_RETENTION_MONTHS).",
        )

    def handle(self, *args, months, **options):
        now = timezone.now()
        cutoff = months_ago(now, months)
        deleted, _ = Message.objects.filter(created_at__lt=cutoff).delete()
        anonymised = (
            Correction.objects.filter(created_at__lt=cutoff).exclude(email="").update(email="")
        )
        # The rate limit needs the hash for its window; a day at least, then it is of no use.
        hash_age = max(timedelta(days=1), timedelta(minutes=settings.INBOX_RATE_WINDOW_MINUTES))
        day_ago = now - hash_age
        hashes = sum(
            model.objects.filter(created_at__lt=day_ago)
            .exclude(client_hash="")
            .update(client_hash="")
            for model in (Message, Correction)
        )
        self.stdout.write(
            f"messages deleted: {deleted}, corrections anonymised: {anonymised}, "
            f"client hashes cleared: {hashes}"
        )
