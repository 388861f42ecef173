from django.core.management.base import BaseCommand

from backoffice.roles import ensure_roles


class Command(BaseCommand):
    help = "Creates (or refreshes) the groups of directory administrators and cluster-office staff."

    def handle(self, *args, **options):
        for group in ensure_roles():
            self.stdout.write(f"{group.name}: {group.permissions.count()}")
