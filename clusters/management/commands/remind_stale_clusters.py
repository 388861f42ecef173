"""List the clusters whose data nobody has checked for over a year and remind their offices.

Meant to run monthly (cron or a scheduler): one e-mail per cluster to its office accounts that have
an address, sent through the site's e-mail settings (EMAIL_* in the environment). ``--dry-run``
prints the list and the recipients and sends nothing.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from clusters.models import STALE_AFTER_MONTHS, Cluster


class Command(BaseCommand):
    help = _(
        "Klastry, których dane nie były sprawdzane od ponad 12 miesięcy; przypomnienie e-mailem."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Tylko wypisz; nie wysyłaj e-maili.")
        )

    def handle(self, *args, dry_run=False, **options):
        today = timezone.localdate()
        offices = get_user_model().objects.filter(is_active=True, is_staff=True).exclude(email="")
        clusters = Cluster.objects.stale(today).prefetch_related(
            Prefetch("staff", queryset=offices.order_by("email"), to_attr="office_accounts")
        )
        sent = 0
        for cluster in clusters:
            checked = (
                cluster.data_checked.strftime("%d.%m.%Y") if cluster.data_checked else _("nigdy")
            )
            recipients = [user.email for user in cluster.office_accounts]
            self.stdout.write(
                f"{cluster.name}: {_('dane sprawdzone')} {checked}; "
                + (", ".join(recipients) if recipients else _("brak adresu biura"))
            )
            if dry_run or not recipients:
                continue
            send_mail(
                _("Klastry Lubelskie: prosimy o sprawdzenie danych klastra %(name)s")
                % {"name": cluster.name},
                self._body(cluster, checked),
                settings.DEFAULT_FROM_EMAIL,
                recipients,
            )
            sent += 1
        self.stdout.write(
            _("Klastrów do sprawdzenia: %(count)d; wysłane przypomnienia: %(sent)d.")
            % {"count": len(clusters), "sent": sent}
        )

    def _body(self, cluster, checked):
        admin_path = settings.SITE_URL + reverse("admin:index")
        return _(
            "Dzień dobry,\n\n"
            "dane klastra %(name)s w katalogu Klastry Lubelskie sprawdzono ostatnio: %(checked)s "
            "(ponad %(months)d miesięcy temu lub nigdy).\n"
            "Prosimy porównać profil ze źródłami i poprawić, co się zmieniło, albo potwierdzić "
            "aktualność przyciskiem „Potwierdzam aktualność danych” na stronie głównej panelu "
            "(%(admin_path)s).\n\n"
            "Zespół katalogu Klastry Lubelskie"
        ) % {
            "name": cluster.name,
            "checked": checked,
            "months": STALE_AFTER_MONTHS,
            "admin_path": admin_path,
        }
