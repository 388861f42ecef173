"""/klastry-w-liczbach/: the directory's figures as charts with their tables, all counted live."""

from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from clusters.filters import ACTIVITY_HELP
from pages import figures


class StatisticsView(TemplateView):
    template_name = "pages/statistics.html"
    extra_context = {
        "page_title": _("Klastry w liczbach"),
        "page_description": _(
            "Klastry Lublina i regionu w liczbach: inicjatorzy, ekosystemy, lata założenia, "
            "liczby członków z rokiem, ślady aktywności i sektory, liczone na bieżąco z katalogu."
        ),
    }

    def get_context_data(self, **kwargs):
        initiator_bars, total = figures.initiator_bars()
        timeline, clusters_by_year, year_unknown = figures.founding_years()
        member_bars, members_unknown = figures.member_count_bars()
        activity_bars, status_bars = figures.activity_bars(total)
        return super().get_context_data(
            cluster_total=total,
            initiator_bars=initiator_bars,
            ecosystem_bars=figures.ecosystem_bars(total),
            timeline=timeline,
            clusters_by_year=clusters_by_year,
            year_unknown=year_unknown,
            member_bars=member_bars,
            members_unknown=members_unknown,
            sector_bars=figures.sector_bars(total),
            activity_bars=activity_bars,
            activity_meaning=ACTIVITY_HELP,
            status_bars=status_bars,
            **kwargs,
        )
