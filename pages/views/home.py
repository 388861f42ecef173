from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from clusters.models import Cluster, ClusterStatus, InitiatorKind, PartnerCountry, Specialisation
from core.charts import share_bars
from ecosystems.models import Ecosystem
from members.models import MemberOrganisation


def split_bars(counts, choices, total, filter_name):
    """Share bars for every choice, in the choices' order, a choice without clusters showing 0.

    Each bar links to the cluster listing filtered by its choice (``filter_name`` of ClusterFilter).
    """
    listing = reverse("clusters:list")
    return share_bars(
        (
            (label, counts.get(value, 0), f"{listing}?{urlencode({filter_name: value})}")
            for value, label in choices
        ),
        total,
    )


class HomeView(TemplateView):
    """What the directory is, the source presentation's figures computed live, and entry points."""

    template_name = "clusters/home.html"

    def get_context_data(self, **kwargs):
        clusters = Cluster.objects.public()
        by_initiator = clusters.count_by("initiator__kind")
        cluster_total = sum(by_initiator.values())
        context = {
            "page_title": _("Katalog klastrów Lublina i województwa lubelskiego"),
            "cluster_total": cluster_total,
            "initiator_bars": split_bars(
                by_initiator, InitiatorKind.choices, cluster_total, "initiator_kind"
            ),
            "status_bars": split_bars(
                clusters.count_by("status"), ClusterStatus.choices, cluster_total, "status"
            ),
            # A GROUP BY query ignores Meta.ordering: order explicitly, in the seed's order.
            "ecosystems": Ecosystem.objects.public()
            .annotate(cluster_count=Count("clusters", filter=Q(clusters__published=True)))
            .order_by(*Ecosystem._meta.ordering),
            "organisation_total": MemberOrganisation.objects.public().count(),
            "country_total": PartnerCountry.objects.public()
            .order_by()
            .values("country")
            .distinct()
            .count(),
            "specialisation_total": Specialisation.objects.public().count(),
        }
        return super().get_context_data(**context, **kwargs)
