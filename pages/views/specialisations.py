"""/specjalizacje/: every specialisation by sector, and the investor's search across clusters and
organisations; /specjalizacje/<slug>/: one specialisation's clusters and organisations.

Specialisations belong to ``clusters`` and organisations to ``members``: these views compose both
apps' querysets and FilterSets, so they live in ``pages``.
"""

from urllib.parse import urlencode

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.generic import TemplateView

from clusters.cards import card_specialisations
from clusters.filters import ClusterInvestorFilter
from clusters.models import Cluster, Specialisation
from clusters.views.listing import ClusterQuery
from core.bounded import Preview, preview
from core.compiled_pages import key_with, page_rows
from core.listing.counts import CachedCountPaginator, cached_count
from core.listing.facets import build_facet, grouped_counts
from core.listing.memo import current_data_version, per_data_version
from core.listing.views import FilteredExportView, FilteredListView, first_invalid
from core.templatetags.content_language import in_language
from members.cards import card_memberships
from members.export import organisation_records
from members.filters import OrganisationInvestorFilter
from members.models import MemberOrganisation, listed_organisation
from members.views import OrganisationExportQuery, OrganisationExportView, OrganisationQuery

INVESTOR_FIELDS = ("specialisation", "type", "ecosystem", "place")
# The result shows this many clusters (the rest on /klastry/ with the same filters) and pages
# through the organisations this many at a time; the CSV holds every row.
INVESTOR_CLUSTERS = 10
# Up to this many specialisations the table links each count to the specialisation's page; a
# catalogue of hundreds gives plain numbers, so that the page stays under 100 KB.
LINKED_SPECIALISATIONS = 60
INVESTOR_PAGE_SIZE = 25


def specialisations_with_counts(version=None):
    """The public specialisations, each with ``cluster_count`` and ``organisation_count`` (the
    public clusters and organisations that have it) and its name for the page (``name_html``),
    and the same grouped by sector (``by_sector``): one grouped query over each through table,
    cached under the data version (core.listing.counts), not a count per specialisation."""

    def build():
        counts = cached_count(
            ["specialisation-counts"],
            lambda: {
                "clusters": grouped_counts(Cluster.objects.public(), "specialisations__pk"),
                "organisations": grouped_counts(
                    MemberOrganisation.objects.public_counted(),
                    "specialisations__pk",
                    restrict=lambda related, row_field: related.filter(
                        listed_organisation(row_field)
                    ),
                ),
            },
        )
        specialisations = list(Specialisation.objects.public().select_related("sector"))
        for specialisation in specialisations:
            key = str(specialisation.pk)
            specialisation.cluster_count = counts["clusters"].get(key, 0)
            specialisation.organisation_count = counts["organisations"].get(key, 0)
            specialisation.name_html = in_language(specialisation, "name")
        return specialisations, by_sector(specialisations)

    # the same hundreds of rows for every visitor until the data changes: built once per data
    # version in this process (core.listing.memo), like the counts they carry; read-only after
    return per_data_version(("specialisations-with-counts",), build, version)


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


class InvestorClustersExport(InvestorClusters):
    """Its rows for a whole file, each with its specialisations (a column)."""

    card_fields = ()

    def get_queryset(self):
        return super().get_queryset().prefetch_related("specialisations")


class InvestorOrganisationsExport(InvestorOrganisations):
    """Its rows for a whole file (as ``members.views.OrganisationExportQuery``)."""

    get_queryset = OrganisationExportQuery.get_queryset


class SpecialisationListView(TemplateView):
    template_name = "clusters/specialisation_list.html"

    def get(self, request, *args, **kwargs):
        self.clusters = InvestorClusters(request)
        self.organisations = InvestorOrganisations(request)
        self.asked = any(request.GET.get(name) for name in INVESTOR_FIELDS)
        # a malformed value answers 400 with its error even before a specialisation is chosen
        self.valid = not first_invalid([self.clusters, self.organisations])
        context = self.get_context_data(**kwargs)
        return self.render_to_response(context, status=200 if self.valid else 400)

    def first_clusters(self):
        """The first INVESTOR_CLUSTERS clusters the question finds (their SQL kept, as a page's)."""
        return list(
            page_rows(
                key_with(self.clusters.page_sql_key(), 0, INVESTOR_CLUSTERS),
                lambda: self.clusters.get_results()[:INVESTOR_CLUSTERS],
            )
        )

    def get_context_data(self, **kwargs):
        # The organisations' FilterSet has every field of the search; the clusters' a subset.
        organisations = self.organisations
        version = current_data_version()  # read once for the counts and options
        specialisations, sectors = specialisations_with_counts(version)
        context = {
            "page_title": _("Specjalizacje"),
            "page_description": _(
                "Specjalizacje klastrów i organizacji z Lublina i regionu, pogrupowane w sektory; "
                "wybierz kilka, by zobaczyć na jednej stronie pasujące klastry i organizacje."
            ),
            "sectors": sectors,
            "link_counts": len(specialisations) <= LINKED_SPECIALISATIONS,
            "chosen": organisations.chosen("specialisation"),
            "form": organisations.filterset.form,
            "facets": {
                name: build_facet(organisations.filterset, name, version=version)
                for name in ("type", "ecosystem", "place")
            },
            "asked": self.asked,
        }
        if self.asked and self.valid:
            cluster_total = cached_count(
                self.count_key("clusters"), self.clusters.count_results, version
            )
            page_obj = CachedCountPaginator(
                organisations.get_results,  # built only when the page's SQL is not kept
                INVESTOR_PAGE_SIZE,
                count=lambda: cached_count(
                    self.count_key("organisations"), organisations.count_results, version
                ),
                max_rows=INVESTOR_PAGE_SIZE * FilteredListView.max_pages,
                ids_first_from=organisations.ids_first_from,
                sql_key=organisations.page_sql_key(),
            ).get_page(self.request.GET.get("page"))
            cluster_cards = self.first_clusters() if cluster_total else []
            organisation_cards = organisation_rows(page_obj.object_list)
            cluster_specialisations, organisation_specialisations = card_specialisations(
                cluster_cards,
                [organisation for organisation, _clusters in organisation_cards],
                version=version,
            )
            context.update(
                results=True,
                clusters=cluster_cards,
                cluster_specialisations=cluster_specialisations,
                cluster_total=cluster_total,
                organisation_rows=organisation_cards,
                organisation_specialisations=organisation_specialisations,
                organisation_total=page_obj.paginator.total,
                pages_capped=page_obj.paginator.capped,
                page_obj=page_obj,
                page_range=page_obj.paginator.get_elided_page_range(page_obj.number),
                highlighted=organisations.chosen("specialisation"),
                # the same question on the listings, which page through every row
                cluster_list_query=self.listing_query(self.clusters),
                organisation_list_query=self.listing_query(organisations),
            )
        return super().get_context_data(**context, **kwargs)

    def count_key(self, rows):
        get = self.request.GET
        chosen = sorted(
            (name, value) for name in INVESTOR_FIELDS + ("match",) for value in get.getlist(name)
        )
        # no language: none of the investor's filters is typed text, so both editions count alike
        return ["investor", rows, chosen]

    def listing_query(self, query):
        """The query string of the listing that asks ``query``'s question (its own filters)."""
        get = self.request.GET
        return urlencode(
            [
                (name, value)
                for name in query.filterset.form.fields
                for value in get.getlist(name)
                if value
            ]
        )


def organisation_rows(organisations):
    """(organisation, its clusters' ``Shortlist``: ``card_memberships``) of each of
    ``organisations``."""
    organisations = list(organisations)
    memberships = card_memberships(organisations)
    return [(organisation, memberships[organisation.pk]) for organisation in organisations]


class SpecialisationExportView(FilteredExportView):
    """The investor's result as one CSV: a row per cluster, then per organisation."""

    query_classes = (InvestorClustersExport, InvestorOrganisationsExport)
    filename_stem = pgettext_lazy("CSV file name", "specjalizacje-wyniki")
    # Clusters are read as model instances with their specialisations: fewer at a time (as
    # clusters.views.listing.ClusterExportView); organisations as members.views' export reads them.
    chunk_size = 500
    organisation_chunk_size = OrganisationExportView.chunk_size

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

    def get_row(self, cluster):
        return cluster_row(self.request, cluster)

    def get_rows(self, query):
        if not isinstance(query, InvestorOrganisations):
            return super().get_rows(query)
        records = organisation_records(
            query.get_results(), self.request, self.organisation_chunk_size
        )
        return _organisation_rows(records)


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


def _organisation_rows(records):
    """The file's rows of ``members.export.OrganisationRecord``s, read while the file is written
    (in its language): the kind of row translated once, not for each of 200,000 rows."""
    kind = str(_("organizacja"))
    for record in records:
        yield organisation_row(record, kind)


def organisation_row(record, kind):
    """The row of a ``members.export.OrganisationRecord``; ``kind``: "organizacja" translated."""
    return [
        record.name,
        kind,
        record.organisation_type,
        ", ".join(part for part in (record.city, record.place) if part),
        record.website,
        record.specialisations,
        record.clusters,
        record.url,
    ]


# Cards per list on a specialisation's page (a card is ~1.5 KB: 20 + 20 keep it near 60 KB).
DETAIL_PREVIEW_SIZE = 20


def public_organisation_count(specialisation, version=None):
    """How many public organisations name ``specialisation``: its through rows (read by their
    index) less the few unlisted organisations (``listed_organisation``), kept under the data version
    (``core.listing.counts``) so that a visit after the first reads the cache."""
    return cached_count(
        ["specialisation-organisation-count", specialisation.pk],
        lambda: (
            MemberOrganisation.specialisations.through.objects.filter(specialisation=specialisation)
            .filter(listed_organisation("memberorganisation"))
            .count()
        ),
        version,
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
        version = current_data_version()  # read once for the totals and the cards
        organisation_preview = preview(
            lambda: organisations.order(
                organisations.get_queryset().filter(specialisations=specialisation)
            ),
            DETAIL_PREVIEW_SIZE,
            count=lambda: public_organisation_count(specialisation, version),
            sql_key=key_with(organisations.page_sql_key(), "specialisation", specialisation.slug),
        )
        cluster_preview = preview(
            lambda: clusters.order(clusters.get_queryset().filter(specialisations=specialisation)),
            DETAIL_PREVIEW_SIZE,
            count=lambda: cached_count(
                ["specialisation-cluster-count", specialisation.pk],
                lambda: Cluster.objects.public().filter(specialisations=specialisation).count(),
                version,
            ),
            sql_key=key_with(clusters.page_sql_key(), "specialisation", specialisation.slug),
        )
        cluster_specialisations, organisation_specialisations = card_specialisations(
            cluster_preview.items, organisation_preview.items, version=version
        )
        return super().get_context_data(
            specialisation=specialisation,
            clusters=cluster_preview,
            cluster_specialisations=cluster_specialisations,
            organisation_rows=Preview(
                organisation_rows(organisation_preview), organisation_preview.total
            ),
            organisation_specialisations=organisation_specialisations,
            highlighted={specialisation.slug},
            filter_query=f"specialisation={specialisation.slug}",
            page_title=specialisation.name,
            page_description=_(
                "Klastry i organizacje z Lublina i regionu o specjalizacji „%(name)s” (sektor: %(sector)s)."
            )
            % {"name": specialisation.name, "sector": specialisation.sector.name},
            **kwargs,
        )
