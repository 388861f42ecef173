import time

from django.core.management.base import BaseCommand, CommandError

from core.data_version import data_changed
from pages import scale_data


class Command(BaseCommand):
    help = (
        "Adds generated clusters, member organisations and memberships (deterministic for a "
        "--seed) to measure the site at scale; --delete removes them again. Real rows are never "
        "changed. Generated slugs start with 'gen--'."
    )

    def add_arguments(self, parser):
        defaults = scale_data.Sizes()
        parser.add_argument("--clusters", type=int, default=defaults.clusters)
        parser.add_argument("--organisations", type=int, default=defaults.organisations)
        parser.add_argument("--memberships", type=int, default=defaults.memberships)
        parser.add_argument("--specialisations", type=int, default=defaults.specialisations)
        parser.add_argument("--ecosystems", type=int, default=defaults.ecosystems)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--delete", action="store_true", help="Remove the generated rows and nothing else."
        )
        parser.add_argument(
            "--replace", action="store_true", help="Remove earlier generated rows, then generate."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Write even though the database looks like production (DEBUG off and a "
            "PostgreSQL name without scale/bench/test/ci/dev/local/demo/tmp/wtN in it).",
        )

    def handle(self, *args, **options):
        if scale_data.looks_like_production() and not options["force"]:
            raise CommandError(
                "This database looks like production (DEBUG is off and its name says nothing of "
                "tests or benchmarks): nothing was written. Use --force if it is not."
            )
        started = time.monotonic()
        if options["delete"] or options["replace"]:
            counts = scale_data.delete_generated()
            data_changed()  # raw deletes send no signals: cached pages would still list the rows
            self.stdout.write(
                "Deleted generated rows: "
                + ", ".join(f"{count} {label}" for label, count in counts.items() if count)
            )
            if options["delete"]:
                return
        elif scale_data.generated_exists():
            raise CommandError(
                "Generated rows are already here: use --replace (or --delete first)."
            )
        sizes = scale_data.Sizes(
            clusters=options["clusters"],
            organisations=options["organisations"],
            memberships=options["memberships"],
            specialisations=options["specialisations"],
            ecosystems=options["ecosystems"],
        )
        if problems := sizes.problems():
            raise CommandError("; ".join(problems))
        log = self.stdout.write if options["verbosity"] >= 2 else None
        scale_data.generate(sizes, seed=options["seed"], log=log)
        data_changed()  # bulk inserts send no signals
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"Generated {sizes.clusters} clusters, {sizes.organisations} organisations and "
                f"{sizes.memberships} memberships (seed {options['seed']}) in "
                f"{time.monotonic() - started:.0f} s."
            )
