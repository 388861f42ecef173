"""/specjalizacje/: every specialisation by sector, and the investor's search across clusters and
organisations; /specjalizacje/<slug>/: one specialisation's clusters and organisations.

Specialisations belong to ``clusters`` and organisations to ``members``: these views compose both
apps' querysets and FilterSets, so they live in ``pages``.
"""

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce, Lower
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from clusters.filters import ClusterInvestorFilter
from clusters.models import Cluster, Specialisation
from core.listing.export import csv_response, invalid_filter_response
from core.listing.facets import build_facet
from members.export import clusters_with_roles, place_label
from members.filters import OrganisationInvestorFilter
from members.grouping import roles_by
from members.models import MemberOrganisation

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


def cluster_results():
    return Cluster.objects.public().with_listing_data().with_member_count()


def organisation_results():
    return MemberOrganisation.objects.public().with_listing_data().with_place()


class InvestorSearch:
    """The investor's question, asked of clusters and of organisations with the same GET data."""

    def __init__(self, data):
        self.data = data
        self.clusters = ClusterInvestorFilter(data, queryset=cluster_results())
        self.organisations = OrganisationInvestorFilter(data, queryset=organisation_results())

    @property
    def asked(self):
        return any(self.data.get(name) for name in INVESTOR_FIELDS)

    @property
    def form(self):
        """The form with every field of the search (the organisations' one)."""
        return self.organisations.form

    def is_valid(self):
        return self.organisations.is_valid() and self.clusters.is_valid()

    def cluster_list(self):
        return list(self.clusters.qs.order_by(Lower("name")))

    def organisation_list(self):
        return list(self.organisations.qs.order_by(Lower("name")))

    def chosen_slugs(self):
        return {s.slug for s in self.form.cleaned_data.get("specialisation") or []}


class SpecialisationListView(TemplateView):
    template_name = "clusters/specialisation_list.html"

    def get(self, request, *args, **kwargs):
        self.search = InvestorSearch(request.GET)
        context = self.get_context_data(**kwargs)
        valid = not self.search.asked or self.search.is_valid()
        return self.render_to_response(context, status=200 if valid else 400)

    def get_context_data(self, **kwargs):
        search = self.search
        form = search.form
        chosen = set(form["specialisation"].value() or [])
        context = {
            "page_title": _("Specjalizacje"),
            "page_description": _(
                "Specjalizacje klastrów i organizacji z Lublina i regionu, pogrupowane w sektory; "
                "wybierz kilka, by zobaczyć na jednej stronie pasujące klastry i organizacje."
            ),
            "sectors": by_sector(specialisations_with_counts()),
            "chosen": chosen,
            "form": form,
            "facets": {
                name: build_facet(search.organisations, name)
                for name in ("type", "ecosystem", "place")
            },
            "asked": search.asked,
        }
        if search.asked and search.is_valid():
            clusters = search.cluster_list()
            organisations = search.organisation_list()
            context.update(
                results=True,
                clusters=clusters,
                organisation_rows=[
                    (organisation, roles_by(organisation.memberships.all(), "cluster"))
                    for organisation in organisations
                ],
                highlighted=search.chosen_slugs(),
            )
        return super().get_context_data(**context, **kwargs)


class SpecialisationExportView(View):
    """The investor's result as one CSV: a row per cluster and per organisation."""

    def get(self, request, *args, **kwargs):
        search = InvestorSearch(request.GET)
        if not search.is_valid():
            return invalid_filter_response(search.form)
        rows = [cluster_row(request, c) for c in search.cluster_list()]
        rows += [organisation_row(request, o) for o in search.organisation_list()]
        header = [
            _("nazwa"),
            _("rodzaj wpisu"),
            _("typ"),
            _("miejsce"),
            _("strona internetowa"),
            _("specjalizacje"),
            _("klastry"),
            _("adres w katalogu"),
        ]
        return csv_response("specjalizacje-wyniki", header, rows)


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


class SpecialisationDetailView(TemplateView):
    template_name = "clusters/specialisation_detail.html"

    def get_context_data(self, **kwargs):
        specialisation = get_object_or_404(
            Specialisation.objects.public().select_related("sector"), slug=kwargs["slug"]
        )
        organisations = organisation_results().filter(specialisations=specialisation)
        return super().get_context_data(
            specialisation=specialisation,
            clusters=cluster_results()
            .filter(specialisations=specialisation)
            .order_by(Lower("name")),
            organisation_rows=[
                (organisation, roles_by(organisation.memberships.all(), "cluster"))
                for organisation in organisations.order_by(Lower("name"))
            ],
            highlighted={specialisation.slug},
            page_title=specialisation.name,
            page_description=_(
                "Klastry i organizacje z Lublina i regionu o specjalizacji „%(name)s” (sektor: %(sector)s)."
            )
            % {"name": specialisation.name, "sector": specialisation.sector.name},
            **kwargs,
        )
