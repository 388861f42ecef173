from django.core.management import call_command
from django.core.management.base import BaseCommand

# In dependency order. Rows are matched by natural keys, so loading again updates them in place.
FIXTURES = ["ecosystems", "reference", "clusters", "members"]


class Command(BaseCommand):
    help = "Loads the real data of the Lublin clusters from fixtures/ (safe to run again)."

    def handle(self, *args, **options):
        call_command("loaddata", *FIXTURES, verbosity=options["verbosity"])
