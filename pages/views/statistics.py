"""/klastry-w-liczbach/: the directory's figures as charts with their tables, all counted live.

The page has the same size at any number of clusters: years and groups are counted, the member
counts show the largest (``figures.MEMBER_BARS``) and link to the listing and CSV with every one."""

from urllib.parse import urlencode

from django.urls import reverse
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
        timeline, years, year_unknown = figures.founding_years()
        member_bars, members_known, members_unknown, members_unknown_count = (
            figures.member_count_bars()
        )
        activity_bars, status_bars = figures.activity_bars(total)
        return super().get_context_data(
            cluster_total=total,
            initiator_bars=initiator_bars,
            ecosystem_bars=figures.ecosystem_bars(total),
            timeline=timeline,
            years=years,
            year_unknown=year_unknown,
            member_bars=member_bars,
            members_known=members_known,
            members_more=members_known - len(member_bars),
            members_unknown=members_unknown,
            members_unknown_count=members_unknown_count,
            members_unknown_more=members_unknown_count - len(members_unknown),
            by_members_url=figures.listing_url(sort="-members"),
            by_members_csv_url=f"{reverse('clusters:export')}?{urlencode({'sort': '-members'})}",
            sector_bars=figures.sector_bars(total),
            activity_bars=activity_bars,
            activity_meaning=ACTIVITY_HELP,
            status_bars=status_bars,
            **kwargs,
        )
