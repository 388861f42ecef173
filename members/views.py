from django.db.models import Case, Prefetch, When
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.generic import DetailView

from clusters.models import Specialisation
from core.db_functions import PolishCollate
from core.languages import InLanguage
from core.listing.views import FilteredExportView, FilteredListView, FilteredQuery

from .export import organisation_records
from .filters import OrganisationFilter
from .grouping import roles_by
from .models import MemberOrganisation, Membership


class OrganisationQuery(FilteredQuery):
    filterset_class = OrganisationFilter
    sort_options = {
        "name": (gettext_lazy("nazwa (A–Z)"), (PolishCollate(InLanguage("name")),)),
        "-name": (gettext_lazy("nazwa (Z–A)"), (PolishCollate(InLanguage("name")).desc(),)),
        # organisations without a known town last
        "city": (
            gettext_lazy("miejscowość"),
            (
                Case(When(city="", then=1), default=0),
                PolishCollate("city"),
                PolishCollate(InLanguage("name")),
            ),
        ),
    }

    def get_queryset(self):
        return MemberOrganisation.objects.public().with_listing_data().with_place()

    def get_count_queryset(self):
        return MemberOrganisation.objects.public().with_place().with_public_memberships()


class OrganisationListView(FilteredListView):
    """/czlonkowie/: member organisations by type, voivodeship, place, cluster, specialisation, text."""

    query_class = OrganisationQuery
    template_name = "members/organisation_list.html"
    export_url_name = "members:export"
    count_label = gettext_lazy("Liczba organizacji")
    page_title = gettext_lazy("Organizacje członkowskie")
    page_description = gettext_lazy(
        "Organizacje należące do klastrów Lublina i województwa lubelskiego: filtruj według rodzaju, "
        "miejsca, klastra i specjalizacji."
    )
    facets = {
        "type": "organisation_type",
        "place": "place",
        "voivodeship": "voivodeship",
        "ecosystem": "memberships__cluster__ecosystem__slug",
        "cluster": "memberships__cluster__slug",
        "specialisation": "specialisations__slug",
    }
    chip_filters = (
        "q",
        "type",
        "place",
        "voivodeship",
        "ecosystem",
        "cluster",
        "specialisation",
        "match",
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = [
            (organisation, roles_by(organisation.memberships.all(), "cluster"))
            for organisation in context["object_list"]
        ]
        return context


class OrganisationExportView(FilteredExportView):
    query_classes = (OrganisationQuery,)
    filename_stem = pgettext_lazy("CSV file name", "organizacje-czlonkowskie")
    # A chunk's memberships and specialisations are read by scanning their tables: fewer, bigger
    # chunks (a few MB each) cost the database less.
    chunk_size = 10_000

    def get_header(self):
        return [
            _("nazwa"),
            _("rodzaj organizacji"),
            _("miejscowość"),
            _("województwo"),
            _("państwo"),
            _("miejsce działania"),
            _("strona internetowa"),
            _("klastry (rola)"),
            _("specjalizacje"),
            _("adres w katalogu"),
        ]

    def get_rows(self, query):
        records = organisation_records(query.get_results(), self.request, self.chunk_size)
        for record in records:
            yield [
                record.name,
                record.organisation_type,
                record.city,
                record.voivodeship,
                record.country,
                record.place,
                record.website,
                record.clusters,
                record.specialisations,
                record.url,
            ]


class OrganisationDetailView(DetailView):
    """One organisation: what it is, where it works, its clusters (with role), its specialisations."""

    template_name = "members/organisation_detail.html"
    context_object_name = "organisation"

    def get_queryset(self):
        return MemberOrganisation.objects.public().prefetch_related(
            Prefetch("memberships", Membership.objects.public().select_related("cluster")),
            Prefetch("specialisations", Specialisation.objects.select_related("sector")),
        )

    def get_context_data(self, **kwargs):
        organisation = self.object
        return super().get_context_data(
            page_title=organisation.name,
            page_description=_(
                "%(name)s w katalogu Klastry Lubelskie: klastry, do których należy, i specjalizacje."
            )
            % {"name": organisation.name},
            clusters=roles_by(organisation.memberships.all(), "cluster"),
            **kwargs,
        )
