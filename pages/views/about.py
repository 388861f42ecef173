"""/o-katalogu/: what the directory is, where its facts come from, how its figures are computed,
how often they are checked, the licence of the data and how to report a correction."""

from django.conf import settings
from django.db.models import Count, Max, Min, Q
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from clusters.models import Cluster
from core.charts import percent_of

# What the seed presentation prints for Klaster Lubelska Medycyna: 184 members, of which 153
# "(88%)" in the voivodeship and 117 "(67%)" in Lublin. The page shows what the counts give.
SEED_MEMBER_TOTAL = 184
SEED_PRINTED_SHARES = (
    (_("w województwie lubelskim"), 153, 88),
    (_("w Lublinie"), 117, 67),
)


class AboutView(TemplateView):
    template_name = "pages/about.html"
    extra_context = {
        "page_title": _("O katalogu"),
        "page_description": _(
            "Czym jest katalog Klastry Lubelskie, skąd pochodzą jego dane, jak liczymy udziały, "
            "kiedy dane sprawdzono, na jakiej licencji są udostępnione i jak zgłosić poprawkę."
        ),
    }

    def get_context_data(self, **kwargs):
        checked = Cluster.objects.public().aggregate(
            total=Count("pk"),
            unchecked=Count("pk", filter=Q(data_checked__isnull=True)),
            first=Min("data_checked"),
            last=Max("data_checked"),
        )
        return super().get_context_data(
            cluster_total=checked["total"],
            checked=checked,
            seed_total=SEED_MEMBER_TOTAL,
            seed_shares=[
                (where, count, printed, percent_of(count, SEED_MEMBER_TOTAL))
                for where, count, printed in SEED_PRINTED_SHARES
            ],
            editors_email=settings.EDITORS_EMAIL[0] if settings.EDITORS_EMAIL else "",
            **kwargs,
        )
