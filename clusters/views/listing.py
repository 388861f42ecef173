"""/klastry/: the clusters, filtered, counted, sorted and paginated, and their CSV export."""

from django.db.models import F
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from clusters.filters import ClusterFilter
from clusters.models import Cluster, EvidenceRecency
from core.db_functions import in_polish_order
from core.listing.memo import built_once
from core.listing.views import FilteredExportView, FilteredListView, FilteredQuery

CLUSTER_SORTS = {
    "name": (_("nazwa (A–Z)"), (in_polish_order("name"),)),
    "-name": (_("nazwa (Z–A)"), (in_polish_order("name").desc(),)),
    "founded": (
        _("rok założenia (najstarsze)"),
        (F("founded_year").asc(nulls_last=True), in_polish_order("name")),
    ),
    "-founded": (
        _("rok założenia (najnowsze)"),
        (F("founded_year").desc(nulls_last=True), in_polish_order("name")),
    ),
    # The latest reports come from different years (2013 to undated): the label says so.
    "-members": (
        _("liczba członków (najwięcej; dane z różnych lat)"),
        (F("member_count").desc(nulls_last=True), in_polish_order("name")),
    ),
    "members": (
        _("liczba członków (najmniej; dane z różnych lat)"),
        (F("member_count").asc(nulls_last=True), in_polish_order("name")),
    ),
}


# What a result card reads of a cluster (``clusters.cards.cluster_card``) besides the annotations:
# a page of rows reads no more (its descriptions, contacts and sources made each row ~3 KB).
CARD_FIELDS = (
    "name",
    "name_pl",
    "name_en",
    "slug",
    "founded_year",
    "status",
    "initiator",
    "initiator__kind",
    "ecosystem",
    "ecosystem__name",
    "ecosystem__name_pl",
    "ecosystem__name_en",
    "ecosystem__slug",
)


class ClusterQuery(FilteredQuery):
    filterset_class = ClusterFilter
    sort_options = CLUSTER_SORTS
    # the columns its rows are read with (all when empty: a CSV's columns)
    card_fields = CARD_FIELDS

    def get_queryset(self):
        return built_once(("clusters: listing rows", self.card_fields), self._build_rows)

    def _build_rows(self):
        rows = (
            Cluster.objects.public()
            .with_listing_data()
            .with_member_count()
            .with_latest_evidence_date()
        )
        return rows.only(*self.card_fields) if self.card_fields else rows

    def get_count_queryset(self):
        return Cluster.objects.public().with_latest_evidence()  # the activity facet counts groups


class ClusterListView(FilteredListView):
    query_class = ClusterQuery
    template_name = "clusters/cluster_list.html"
    export_url_name = "clusters:export"
    count_label = _("Liczba klastrów")
    page_title = _("Klastry")
    page_description = _(
        "Klastry biznesowe Lublina i województwa lubelskiego: filtruj według inicjatora, ekosystemu, "
        "specjalizacji, aktywności, formy, państw partnerskich i roku założenia."
    )
    facets = {
        "initiator_kind": "initiator__kind",
        "ecosystem": "ecosystem__slug",
        "activity": "evidence_recency",
        "status": "status",
        "form": "form",
        "country": "partner_countries__country",
        "specialisation": "specialisations__slug",
    }
    chip_filters = (
        "member",
        "q",
        "initiator_kind",
        "ecosystem",
        "activity",
        "status",
        "form",
        "country",
        "founded_min",
        "founded_max",
        "specialisation",
        "match",
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # the organisation whose clusters these are (?member=): named in the form as in its chip
        context["member_chip"] = next(
            (chip for chip in context["chips"] if "member" in chip.params), None
        )
        return context


class ClusterExportQuery(ClusterQuery):
    """The listing's rows, each also with its activity group, the source of its member count and
    its specialisations (CSV columns)."""

    card_fields = ()

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .with_evidence_recency()
            .with_member_count_source()
            .prefetch_related("specialisations")
        )


class ClusterExportView(FilteredExportView):
    query_classes = (ClusterExportQuery,)
    filename_stem = pgettext_lazy("CSV file name", "klastry")
    # Clusters read at a time: each is a model instance with its initiator, ecosystem and
    # specialisations (some 13 KB of objects), so 2,000 at a time held 26 MB for a 100 KB file.
    chunk_size = 500

    def get_header(self):
        return [
            _("nazwa"),
            _("pełna nazwa"),
            _("inicjator"),
            _("rodzaj inicjatora"),
            _("ekosystem"),
            _("forma"),
            _("aktywność według źródła"),
            _("ostatnia udokumentowana aktywność: rok"),
            _("ostatnia udokumentowana aktywność: grupa"),
            _("rok założenia"),
            _("członków (ostatni raport)"),
            _("członków: „ponad”"),
            _("członków: stan na rok"),
            _("członków: źródło"),
            _("członków: adres źródła"),
            _("specjalizacje"),
            _("strona internetowa"),
            _("adres w katalogu"),
        ]

    def get_row(self, cluster):
        return [
            cluster.name,
            cluster.official_name,
            cluster.initiator.name,
            cluster.initiator.get_kind_display(),
            cluster.ecosystem.name if cluster.ecosystem else "",
            cluster.get_form_display(),
            cluster.get_status_display() if cluster.status_is_stated else "",
            # the year: the date may be as precise as a month or a year only
            cluster.latest_evidence_date.year if cluster.latest_evidence_date else None,
            EvidenceRecency(cluster.evidence_recency).label,
            cluster.founded_year,
            cluster.member_count,
            _("tak") if cluster.member_count_is_lower_bound else "",
            cluster.member_count_year,
            cluster.member_count_source or "",
            cluster.member_count_source_url or "",
            ", ".join(s.name for s in cluster.specialisations.all()),
            cluster.website,
            self.request.build_absolute_uri(cluster.get_absolute_url()),
        ]
