"""The "Lubelskie Wyżyny" concept and the five ecosystems.

The views compose querysets of clusters and members, the apps above ``ecosystems``, so they live in
``pages``; the ecosystems' models know nothing about them.

An ecosystem may hold hundreds of clusters and tens of thousands of organisations: each page shows
the first rows of every list with their total and links to the listing filtered by the ecosystem
(``core.bounded``), in a fixed number of queries.
"""

from django.db.models import CharField, Exists, F, OuterRef, Window
from django.db.models.functions import Cast, RowNumber
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from clusters.models import Cluster, Specialisation
from core.bounded import preview
from core.db_functions import PolishCollate
from core.languages import InLanguage
from ecosystems.models import Ecosystem
from members.models import MemberOrganisation, Membership

# Clusters named per ecosystem on the list of all five (its page names more).
CLUSTERS_ON_LIST = 10


def ecosystem_clusters():
    """Public clusters, an ecosystem's anchor first, then by name."""
    return (
        Cluster.objects.public()
        .select_related("initiator")
        .order_by("-is_ecosystem_anchor", PolishCollate(InLanguage("name")))
    )


class EcosystemListView(ListView):
    template_name = "ecosystems/ecosystem_list.html"
    context_object_name = "ecosystems"

    def get_queryset(self):
        return Ecosystem.objects.public()

    def get_context_data(self, **kwargs):
        ecosystems = list(self.object_list)
        counts = Cluster.objects.public().count_by("ecosystem")
        # The first clusters of every ecosystem in one query: each one's rank within its ecosystem.
        firsts = {}
        for cluster in first_clusters_by_ecosystem(CLUSTERS_ON_LIST):
            firsts.setdefault(cluster.ecosystem_id, []).append(cluster)
        rows = [
            (ecosystem, firsts.get(ecosystem.pk, []), counts.get(ecosystem.pk, 0))
            for ecosystem in ecosystems
        ]
        return super().get_context_data(
            rows=rows,
            page_title=_("Lubelskie Wyżyny Gospodarcze – ekosystemy"),
            page_description=_(
                "Koncepcja Lubelskich Wyżyn Gospodarczych: definicja ekosystemu, cel, kryteria "
                "wyboru i pięć ekosystemów Lublina z ich klastrami."
            ),
            **kwargs,
        )


def first_clusters_by_ecosystem(size):
    """The first ``size`` public clusters of each ecosystem (anchor first, then by name)."""
    # Cast: filtering on a window selects its ordering, and the English name (a Coalesce of two
    # columns) needs a type of its own there.
    order = [
        F("is_ecosystem_anchor").desc(),
        PolishCollate(Cast(InLanguage("name"), CharField())),
    ]
    return (
        Cluster.objects.public()
        .filter(ecosystem__isnull=False)
        .annotate(position=Window(RowNumber(), partition_by=F("ecosystem"), order_by=order))
        .filter(position__lte=size)
        .order_by(*order)
    )


class EcosystemDetailView(DetailView):
    template_name = "ecosystems/ecosystem_detail.html"
    context_object_name = "ecosystem"

    def get_queryset(self):
        return Ecosystem.objects.public()

    def get_context_data(self, **kwargs):
        ecosystem = self.object
        clusters = ecosystem_clusters().filter(ecosystem=ecosystem)
        # The ecosystem's published clusters by id: the organisations' test needs no join then.
        cluster_ids = list(clusters.order_by().values_list("pk", flat=True))
        memberships = Membership.objects.filter(cluster__in=cluster_ids)
        through = Cluster.specialisations.through.objects.filter(
            specialisation=OuterRef("pk"), cluster__in=cluster_ids
        )
        # An organisation of a published cluster is public: no need of ``public()``'s own test.
        organisations = MemberOrganisation.objects.filter(
            Exists(memberships.filter(organisation=OuterRef("pk")))
        ).order_by(PolishCollate(InLanguage("name")))
        return super().get_context_data(
            page_title=ecosystem.name,
            page_description=ecosystem.summary
            or _("Ekosystem gospodarczy %(name)s: klastry, specjalizacje i organizacje.")
            % {"name": ecosystem.name},
            clusters=preview(clusters, count=lambda: len(cluster_ids)),
            specialisations=preview(
                Specialisation.objects.public().filter(Exists(through)).select_related("sector")
            ),
            organisations=preview(
                organisations,
                count=lambda: memberships.values("organisation").distinct().count(),
            ),
            filter_query=f"ecosystem={ecosystem.slug}",
            **kwargs,
        )
