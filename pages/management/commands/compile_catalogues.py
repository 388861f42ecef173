from django.conf import settings
from django.core.management.base import BaseCommand

from core.catalogues import compile_all


class Command(BaseCommand):
    help = "Compiles locale/*/LC_MESSAGES/*.po into .mo files with polib (no GNU gettext needed)."

    def handle(self, *args, **options):
        for path in compile_all(settings.LOCALE_PATHS):
            self.stdout.write(f"{path.relative_to(settings.BASE_DIR)}")
