from django.conf import settings
from django.db import connections
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.utils.translation import get_language, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext as _
from django.views.generic import DetailView

import core.bounded
from clusters.models import Cluster, Sector, Specialisation
from core.db_functions import in_polish_order
from core.json_rows import RowQuery, branch, instance, model_ordering, row_fields
from core.links import named_link
from core.listing.counts import cached_count
from core.listing.memo import built_once, per_data_version
from core.listing.views import FilteredExportView, FilteredListView, FilteredQuery
from core.slug_urls import slug_url_maker
from core.templatetags.content_language import row_namer

from .cards import card_memberships
from .export import organisation_records
from .filters import OrganisationFilter, clusters_named
from .models import MemberOrganisation, Membership, MembershipRole, listed_organisation
from .ordering import SORTS
from .place_counts import group_rows_by_place

# The most cluster names the cluster field suggests (Lublin has 23; at 2,000 it suggests none).
CLUSTER_HINTS = 60


# What a result card reads of an organisation (``members.cards.organisation_card``): a page of
# rows reads no more (not its description, aliases, website or address).
CARD_FIELDS = ("name", "name_pl", "name_en", "slug", "organisation_type", "city")


class OrganisationQuery(FilteredQuery):
    filterset_class = OrganisationFilter
    sort_options = SORTS
    # an organisation's row has no subquery: read at once, page 40 of 200,000 took 8.9 ms a
    # request, 10.5 with its ids first
    ids_first_from = None

    def get_queryset(self):
        return built_once(
            "organisations: listing rows",
            lambda: (
                MemberOrganisation.objects.public()
                .with_listing_data()
                .with_place()
                .only(*CARD_FIELDS)
            ),
        )

    def get_count_queryset(self):
        return MemberOrganisation.objects.public_counted().with_place()

    def group_rows(self, rows, lookups):
        if "place" in lookups and connections[rows.db].vendor == "postgresql":
            return group_rows_by_place(rows, lookups)  # the place once per town, not per row
        return super().group_rows(rows, lookups)

    def restrict_to_visible(self, related, row_field):
        if related.model is Membership:
            # the facets count public memberships: an organisation with one in a published
            # cluster is visible by definition
            return related
        # every organisation but the few unlisted ones: no pass over the organisations' table
        return related.filter(listed_organisation(row_field))


class OrganisationExportQuery(OrganisationQuery):
    """The listing's rows for a whole file, without the cards' deferred columns."""

    def get_queryset(self):
        return MemberOrganisation.objects.public().with_place()


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
        hints = cluster_hints()
        if hints:
            self.filterset.form.fields["cluster"].widget.attrs["list"] = "cluster-names"
        context = super().get_context_data(**kwargs)
        organisations = list(context["object_list"])
        memberships = card_memberships(organisations)
        context["rows"] = [
            (organisation, memberships[organisation.pk]) for organisation in organisations
        ]
        context["cluster_hints"] = hints
        valid = context["page_obj"] is not None
        cluster = self.filterset.form.cleaned_data.get("cluster") if valid else None
        if cluster and not context["object_list"] and not clusters_named(cluster).exists():
            context["unknown_cluster"] = cluster
        return context


def cluster_hints():
    """The public clusters' names for the cluster field's <datalist>, while there are at most
    CLUSTER_HINTS of them (a catalogue of thousands would weigh down every page); else none.
    The same for every request until the data changes: built once per data version and language
    (``core.listing.memo``)."""

    def build():
        clusters = list(
            Cluster.objects.public()
            .order_by(in_polish_order("name"))
            .only("name_pl", "name_en")[: CLUSTER_HINTS + 1]
        )
        return [cluster.name for cluster in clusters] if len(clusters) <= CLUSTER_HINTS else []

    return per_data_version(("cluster-hints",), build)


class OrganisationExportView(FilteredExportView):
    query_classes = (OrganisationExportQuery,)
    filename_stem = pgettext_lazy("CSV file name", "organizacje-czlonkowskie")
    # Organisations read at a time, with their memberships and specialisations in one query each:
    # a chunk is a few MB of Python objects while it is written, and the worker keeps that memory
    # afterwards (10,000 rows held 33 MB; 2,000 take the same time, to the database too).
    chunk_size = 2_000

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


# The columns an organisation's page shows of each of its clusters: a link and the name.
CLUSTER_COLUMNS = ("id", "name_pl", "name_en", "slug")


def _first_clusters(slug):
    """The ids of the first ``PREVIEW_SIZE + 1`` published clusters of the organisation ``slug``
    names, by name as the page shows it: an organisation's page is bounded as a cluster's is (one
    more than it shows, so that it knows the list is cut)."""
    memberships = Membership.objects.filter(cluster=OuterRef("pk"), organisation__slug=slug)
    return (
        Cluster.objects.public()
        .filter(Exists(memberships))
        .order_by(in_polish_order("name"), "slug")
        .values("pk")[: core.bounded.PREVIEW_SIZE + 1]
    )


def _organisation_branches(*, slug):
    """An organisation's page in one query (core.json_rows): the organisation if public, its
    memberships of published clusters with the clusters' names, its specialisations."""
    return {
        "organisation": branch(
            MemberOrganisation.objects.public().filter(slug=slug), row_fields(MemberOrganisation)
        ),
        "memberships": branch(
            Membership.objects.public().filter(
                organisation__slug=slug, cluster__in=_first_clusters(slug)
            ),
            {"role": "role", **row_fields(Cluster, "cluster", only=CLUSTER_COLUMNS)},
            [in_polish_order("cluster__name"), "cluster__slug", "role"],
        ),
        "specialisations": branch(
            Specialisation.objects.filter(organisations__slug=slug),
            {**row_fields(Specialisation), **row_fields(Sector, "sector")},
            model_ordering(Specialisation.objects.all()),
        ),
    }


ORGANISATION_ROWS = RowQuery(_organisation_branches, ahead=(core.bounded.PREVIEW_SIZE,), slug=str)


def cluster_rows(memberships):
    """[(cluster's address, its name as the page shows it, its role labels joined)], one row
    however many roles (in the order of their values): the rows of the organisation's table of
    clusters, from ``memberships`` in the order of the clusters' names (``_first_clusters``).

    Read from the rows as they are, not from Cluster instances: an organisation in hundreds of
    clusters spent half its page on building them and asking their name's descriptor and
    ``get_absolute_url`` for each (the same text and the same address, in a few µs instead of
    some twenty)."""
    language = get_language() or settings.LANGUAGE_CODE
    own = f"cluster__name_{language}"
    labels = {value: str(label) for value, label in MembershipRole.choices}
    address = slug_url_maker("clusters:detail")
    named = row_namer(language)
    clusters = {}
    for row in memberships:
        cluster_id = row["cluster__id"]
        found = clusters.get(cluster_id)
        if found is None:
            _name, shown = named(row.get(own), row["cluster__name_pl"])
            found = clusters[cluster_id] = (address(row["cluster__slug"]), shown, [])
        found[2].append(row["role"])
    return [
        (url, shown, ", ".join(labels.get(role, role) for role in sorted(roles)))
        for url, shown, roles in clusters.values()
    ]


class OrganisationDetailView(DetailView):
    """One organisation: what it is, where it works, its clusters (with role), its specialisations."""

    template_name = "members/organisation_detail.html"
    context_object_name = "organisation"

    def get_object(self, queryset=None):
        self.found = ORGANISATION_ROWS.rows(
            shape=(core.bounded.PREVIEW_SIZE,), slug=self.kwargs["slug"]
        )
        if not self.found["organisation"]:
            raise Http404
        organisation = instance(MemberOrganisation, self.found["organisation"][0])
        specialisations = []
        for row in self.found["specialisations"]:
            specialisation = instance(Specialisation, row)
            Specialisation.sector.field.set_cached_value(
                specialisation, instance(Sector, row, "sector")
            )
            specialisations.append(specialisation)
        queryset = organisation.specialisations.get_queryset()
        queryset._result_cache = specialisations
        queryset._prefetch_done = True
        organisation._prefetched_objects_cache = {"specialisations": queryset}
        return organisation

    def get_context_data(self, **kwargs):
        organisation = self.object
        return super().get_context_data(
            page_title=organisation.name,
            page_description=_(
                "%(name)s w katalogu Klastry Lubelskie: klastry, do których należy, i specjalizacje."
            )
            % {"name": organisation.name},
            clusters=self.clusters(organisation),
            specialisation_links=[named_link(s) for s in organisation.specialisations.all()],
            **kwargs,
        )

    def clusters(self, organisation):
        """A Preview of the table's rows: its first clusters and how many it has, counted once
        per data version when the list is cut (an organisation in hundreds of clusters)."""
        return core.bounded.cut(
            cluster_rows(self.found["memberships"]),
            lambda: cached_count(
                ["organisation-clusters", organisation.pk],
                lambda: (
                    Membership.objects.public()
                    .filter(organisation=organisation)
                    .values("cluster")
                    .distinct()
                    .count()
                ),
            ),
        )
