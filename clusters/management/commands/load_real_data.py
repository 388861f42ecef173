from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

# In dependency order. Rows are matched by natural keys, so loading again updates them in place.
FIXTURES = ["ecosystems", "sources", "reference", "clusters", "members"]
FIXTURE_DIR = settings.BASE_DIR / "fixtures"


class Command(BaseCommand):
    help = "Loads the real data of the Lublin clusters from fixtures/ (safe to run again)."

    def handle(self, *args, **options):
        # Full paths: loaddata would otherwise look for bare names in the apps and the working directory.
        paths = [str(FIXTURE_DIR / f"{name}.json") for name in FIXTURES]
        call_command("loaddata", *paths, verbosity=options["verbosity"])
