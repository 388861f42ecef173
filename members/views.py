from django.db.models import Case, Prefetch, When
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.generic import DetailView

from clusters.models import Specialisation
from core.db_functions import PolishCollate
from core.languages import InLanguage
from core.listing.views import FilteredExportView, FilteredListView, FilteredQuery

from .export import clusters_with_roles, place_label
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

    def get_row(self, organisation):
        return [
            organisation.name,
            organisation.get_organisation_type_display(),
            organisation.city,
            organisation.get_voivodeship_display(),
            organisation.country.name if organisation.country else "",
            place_label(organisation),
            organisation.website,
            clusters_with_roles(organisation),
            ", ".join(s.name for s in organisation.specialisations.all()),
            self.request.build_absolute_uri(organisation.get_absolute_url()),
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
