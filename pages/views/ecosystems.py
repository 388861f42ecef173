"""The "Lubelskie Wyżyny" concept and the five ecosystems.

The views compose querysets of clusters and members, the apps above ``ecosystems``, so they live in
``pages``; the ecosystems' models know nothing about them.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from clusters.models import Cluster, Specialisation
from core.db_functions import PolishCollate
from core.languages import InLanguage
from ecosystems.models import Ecosystem
from members.models import MemberOrganisation


def ecosystem_clusters():
    """The clusters of an ecosystem, its anchor first, for ``Prefetch("clusters", ...)``."""
    return (
        Cluster.objects.public()
        .select_related("initiator")
        .order_by("-is_ecosystem_anchor", PolishCollate(InLanguage("name")))
    )


class EcosystemListView(ListView):
    template_name = "ecosystems/ecosystem_list.html"
    context_object_name = "ecosystems"

    def get_queryset(self):
        return Ecosystem.objects.public().prefetch_related(
            Prefetch("clusters", ecosystem_clusters())
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=_("Lubelskie Wyżyny Gospodarcze – ekosystemy"),
            page_description=_(
                "Koncepcja Lubelskich Wyżyn Gospodarczych: definicja ekosystemu, cel, kryteria "
                "wyboru i pięć ekosystemów Lublina z ich klastrami."
            ),
            **kwargs,
        )


class EcosystemDetailView(DetailView):
    template_name = "ecosystems/ecosystem_detail.html"
    context_object_name = "ecosystem"

    def get_queryset(self):
        return Ecosystem.objects.public().prefetch_related(
            Prefetch("clusters", ecosystem_clusters())
        )

    def get_context_data(self, **kwargs):
        ecosystem = self.object
        clusters = ecosystem.clusters.all()
        published = Cluster.objects.public().filter(ecosystem=ecosystem)
        return super().get_context_data(
            page_title=ecosystem.name,
            page_description=ecosystem.summary
            or _("Ekosystem gospodarczy %(name)s: klastry, specjalizacje i organizacje.")
            % {"name": ecosystem.name},
            clusters=clusters,
            specialisations=Specialisation.objects.public()
            .filter(clusters__in=published)
            .select_related("sector")
            .distinct(),
            organisations=MemberOrganisation.objects.public()
            .filter(memberships__cluster__in=published)
            .distinct(),
            **kwargs,
        )
