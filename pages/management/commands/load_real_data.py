from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from clusters.fixture_loading import load_fixtures

# In dependency order. Rows are matched by natural keys (slugs), never by primary keys.
FIXTURES = ["ecosystems", "sources", "reference", "clusters", "members"]
FIXTURE_DIR = settings.BASE_DIR / "fixtures"
# The English content of those rows, laid over them as they load (see clusters.fixture_loading).
ENGLISH = "english"


class Command(BaseCommand):
    help = (
        "Loads the real data of the Lublin clusters from fixtures/: adds what is missing and "
        "updates only rows nobody has edited since they were loaded (safe to run again). "
        "--reset puts the fixtures' values back over edits, after listing them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Overwrite rows edited (or re-create rows removed) in the admin; lists them first.",
        )
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="With --reset, do not ask for confirmation (for scripts).",
        )

    def handle(self, *args, **options):
        paths = [FIXTURE_DIR / f"{name}.json" for name in FIXTURES]
        english = FIXTURE_DIR / f"{ENGLISH}.json"
        if options["reset"]:
            edited = load_fixtures(paths, overlay=english, dry_run=True).kept
            if edited:
                self.stdout.write(
                    f"--reset will overwrite {len(edited)} rows changed in the admin:"
                )
                for row in edited:
                    self.stdout.write(f"  {row}")
                if options["interactive"]:
                    answer = input("Type 'yes' to put the fixtures' values back: ")
                    if answer.strip().lower() != "yes":
                        raise CommandError("Cancelled: nothing was loaded.")
        report = load_fixtures(paths, overlay=english, reset=options["reset"])
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"Real data: {report.created} created, {report.updated} updated, "
                f"{report.unchanged} unchanged, {len(report.kept)} kept as edited in the admin."
            )
            for row in report.kept:
                self.stdout.write(f"  kept: {row}")
            if report.kept:
                self.stdout.write("(load_real_data --reset would put the fixtures' values back.)")
