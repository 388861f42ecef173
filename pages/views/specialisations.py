"""/specjalizacje/: every specialisation by sector, and the investor's search across clusters and
organisations; /specjalizacje/<slug>/: one specialisation's clusters and organisations.

Specialisations belong to ``clusters`` and organisations to ``members``: these views compose both
apps' querysets and FilterSets, so they live in ``pages``.
"""

from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.generic import TemplateView

from clusters.filters import ClusterInvestorFilter
from clusters.models import Cluster, Specialisation
from clusters.views.listing import ClusterQuery
from core.bounded import Preview, preview
from core.listing.facets import build_facet
from core.listing.views import FilteredExportView, first_invalid
from members.export import clusters_with_roles, place_label
from members.filters import OrganisationInvestorFilter
from members.grouping import roles_by
from members.models import MemberOrganisation, Membership
from members.views import OrganisationQuery

INVESTOR_FIELDS = ("specialisation", "type", "ecosystem", "place")


def public_count(queryset, lookup):
    """The number of rows of ``queryset`` related to the outer specialisation through ``lookup``."""
    rows = (
        queryset.filter(**{lookup: OuterRef("pk")})
        .order_by()
        .values(lookup)
        .annotate(n=Count("pk", distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def specialisations_with_counts():
    return (
        Specialisation.objects.public()
        .select_related("sector")
        .annotate(
            cluster_count=public_count(Cluster.objects.public(), "specialisations"),
            organisation_count=public_count(MemberOrganisation.objects.public(), "specialisations"),
        )
    )


def by_sector(specialisations):
    """[(sector, [specialisations])] in the specialisations' order (sector position, then name)."""
    groups = {}
    for specialisation in specialisations:
        groups.setdefault(specialisation.sector, []).append(specialisation)
    return list(groups.items())


class InvestorClusters(ClusterQuery):
    """The investor's question asked of clusters: the listing's rows, fewer filters, by name."""

    filterset_class = ClusterInvestorFilter
    sort_options = {"name": ClusterQuery.sort_options["name"]}


class InvestorOrganisations(OrganisationQuery):
    """The same question, from the same GET data, asked of organisations."""

    filterset_class = OrganisationInvestorFilter
    sort_options = {"name": OrganisationQuery.sort_options["name"]}


class SpecialisationListView(TemplateView):
    template_name = "clusters/specialisation_list.html"

    def get(self, request, *args, **kwargs):
        self.clusters = InvestorClusters(request)
        self.organisations = InvestorOrganisations(request)
        self.asked = any(request.GET.get(name) for name in INVESTOR_FIELDS)
        self.valid = not self.asked or not first_invalid([self.clusters, self.organisations])
        context = self.get_context_data(**kwargs)
        return self.render_to_response(context, status=200 if self.valid else 400)

    def get_context_data(self, **kwargs):
        # The organisations' FilterSet has every field of the search; the clusters' a subset.
        organisations = self.organisations
        context = {
            "page_title": _("Specjalizacje"),
            "page_description": _(
                "Specjalizacje klastrów i organizacji z Lublina i regionu, pogrupowane w sektory; "
                "wybierz kilka, by zobaczyć na jednej stronie pasujące klastry i organizacje."
            ),
            "sectors": by_sector(specialisations_with_counts()),
            "chosen": organisations.chosen("specialisation"),
            "form": organisations.filterset.form,
            "facets": {
                name: build_facet(organisations.filterset, name)
                for name in ("type", "ecosystem", "place")
            },
            "asked": self.asked,
        }
        if self.asked and self.valid:
            context.update(
                results=True,
                clusters=list(self.clusters.get_results()),
                organisation_rows=organisation_rows(organisations.get_results()),
                highlighted=organisations.chosen("specialisation"),
            )
        return super().get_context_data(**context, **kwargs)


def organisation_rows(organisations):
    return [
        (organisation, roles_by(organisation.memberships.all(), "cluster"))
        for organisation in organisations
    ]


class SpecialisationExportView(FilteredExportView):
    """The investor's result as one CSV: a row per cluster, then per organisation."""

    query_classes = (InvestorClusters, InvestorOrganisations)
    filename_stem = pgettext_lazy("CSV file name", "specjalizacje-wyniki")

    def get_header(self):
        return [
            _("nazwa"),
            _("rodzaj wpisu"),
            _("typ"),
            _("miejsce"),
            _("strona internetowa"),
            _("specjalizacje"),
            _("klastry"),
            _("adres w katalogu"),
        ]

    def get_row(self, obj):
        row = cluster_row if isinstance(obj, Cluster) else organisation_row
        return row(self.request, obj)


def _names(items):
    return ", ".join(item.name for item in items)


def cluster_row(request, cluster):
    return [
        cluster.name,
        _("klaster"),
        cluster.get_form_display(),
        "",
        cluster.website,
        _names(cluster.specialisations.all()),
        "",
        request.build_absolute_uri(cluster.get_absolute_url()),
    ]


def organisation_row(request, organisation):
    where = ", ".join(part for part in (organisation.city, place_label(organisation)) if part)
    return [
        organisation.name,
        _("organizacja"),
        organisation.get_organisation_type_display(),
        where,
        organisation.website,
        _names(organisation.specialisations.all()),
        clusters_with_roles(organisation),
        request.build_absolute_uri(organisation.get_absolute_url()),
    ]


# Cards per list on a specialisation's page (a card is ~1.5 KB: 20 + 20 keep it near 60 KB).
DETAIL_PREVIEW_SIZE = 20


def public_organisation_count(specialisation):
    """How many public organisations name ``specialisation``, counted on its through rows (the
    rule of ``MemberOrganisation.objects.public()`` tested per row there, without joining every
    organisation)."""
    memberships = Membership.objects.filter(organisation=OuterRef("memberorganisation"))
    return (
        MemberOrganisation.specialisations.through.objects.filter(specialisation=specialisation)
        .filter(~Exists(memberships) | Exists(memberships.filter(cluster__published=True)))
        .count()
    )


class SpecialisationDetailView(TemplateView):
    """A specialisation's first clusters and organisations (``core.bounded``), each list with its
    total and a link to the listing filtered by the specialisation."""

    template_name = "clusters/specialisation_detail.html"

    def get_context_data(self, **kwargs):
        specialisation = get_object_or_404(
            Specialisation.objects.public().select_related("sector"), slug=kwargs["slug"]
        )
        clusters, organisations = (
            InvestorClusters(self.request),
            InvestorOrganisations(self.request),
        )
        organisation_preview = preview(
            organisations.order(
                organisations.get_queryset().filter(specialisations=specialisation)
            ),
            DETAIL_PREVIEW_SIZE,
            count=lambda: public_organisation_count(specialisation),
        )
        return super().get_context_data(
            specialisation=specialisation,
            clusters=preview(
                clusters.order(clusters.get_queryset().filter(specialisations=specialisation)),
                DETAIL_PREVIEW_SIZE,
                count=lambda: (
                    Cluster.objects.public().filter(specialisations=specialisation).count()
                ),
            ),
            organisation_rows=Preview(
                organisation_rows(organisation_preview), organisation_preview.total
            ),
            highlighted={specialisation.slug},
            filter_query=f"specialisation={specialisation.slug}",
            page_title=specialisation.name,
            page_description=_(
                "Klastry i organizacje z Lublina i regionu o specjalizacji „%(name)s” (sektor: %(sector)s)."
            )
            % {"name": specialisation.name, "sector": specialisation.sector.name},
            **kwargs,
        )
