from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from clusters.filters import ACTIVITY_HELP
from clusters.models import PartnerCountry, Specialisation
from core.listing.counts import cached_count
from ecosystems.models import Ecosystem
from members.models import MemberOrganisation
from pages.figures import activity_bars, contact_coverage, initiator_bars


class HomeView(TemplateView):
    """What the directory is, the source presentation's figures computed live, and entry points."""

    template_name = "clusters/home.html"

    def get_context_data(self, **kwargs):
        by_initiator, cluster_total = initiator_bars()
        by_activity, by_status = activity_bars(cluster_total)
        context = {
            "page_title": _("Katalog klastrów Lublina i województwa lubelskiego"),
            "cluster_total": cluster_total,
            "coverage": contact_coverage(),
            "initiator_bars": by_initiator,
            "activity_bars": by_activity,
            "activity_meaning": ACTIVITY_HELP,
            "status_bars": by_status,
            # A GROUP BY query ignores Meta.ordering: order explicitly, in the seed's order.
            "ecosystems": Ecosystem.objects.public()
            .annotate(cluster_count=Count("clusters", filter=Q(clusters__published=True)))
            .order_by(*Ecosystem._meta.ordering),
            # every public organisation: exact, counted once per data version (a national
            # catalogue's 200,000 are too many to count on every visit)
            "organisation_total": cached_count(
                ["home", "organisations"], MemberOrganisation.objects.public_in_bulk().count
            ),
            "country_total": PartnerCountry.objects.public()
            .order_by()
            .values("country")
            .distinct()
            .count(),
            "specialisation_total": Specialisation.objects.public().count(),
        }
        return super().get_context_data(**context, **kwargs)
