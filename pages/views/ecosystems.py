"""The "Lubelskie Wyżyny" concept and the five ecosystems.

The views compose querysets of clusters and members, the apps above ``ecosystems``, so they live in
``pages``; the ecosystems' models know nothing about them.

An ecosystem may hold hundreds of clusters and tens of thousands of organisations: each page shows
the first rows of every list with their total and links to the listing filtered by the ecosystem
(``core.bounded``), in a fixed number of queries.
"""

from django.db.models import CharField, Count, Exists, F, OuterRef, Subquery, Window
from django.db.models.functions import Cast, Coalesce, RowNumber
from django.http import Http404
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

import core.bounded
from clusters.models import Cluster, Initiator, Specialisation
from core.bounded import Preview
from core.db_functions import PolishCollate
from core.json_rows import RowQuery, branch, instance, model_ordering, row_fields
from core.languages import InLanguage
from core.links import named_link
from core.listing.counts import cached_count
from core.templatetags.content_language import text_in_language
from ecosystems.models import Ecosystem
from members.models import MemberOrganisation, Membership, OrganisationType
from pages.first_organisations import first_of, walks

# Clusters named per ecosystem on the list of all five (its page names more).
CLUSTERS_ON_LIST = 10


def ecosystem_clusters():
    """Public clusters, an ecosystem's anchor first, then by name."""
    return (
        Cluster.objects.public()
        .select_related("initiator")
        .order_by("-is_ecosystem_anchor", PolishCollate(InLanguage("name")))
    )


def _list_branches(*, size):
    """The public ecosystems with their count of published clusters, and the first ``size``
    clusters of each (core.json_rows)."""
    counted = (
        Cluster.objects.public()
        .filter(ecosystem=OuterRef("pk"))
        .order_by()
        .values("ecosystem")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return {
        "ecosystems": branch(
            Ecosystem.objects.public().annotate(cluster_count=Coalesce(Subquery(counted), 0)),
            {**row_fields(Ecosystem), "cluster_count": "cluster_count"},
            model_ordering(Ecosystem.objects.all()),
        ),
        "clusters": branch(
            Cluster.objects.filter(pk__in=first_clusters_by_ecosystem(size).values("pk")),
            row_fields(Cluster, only=(*LIST_CLUSTER_COLUMNS, "ecosystem_id")),
            [F("is_ecosystem_anchor").desc(), PolishCollate(InLanguage("name"))],
        ),
    }


# What the list shows of each cluster: a link, the name, whether it is the anchor.
LIST_CLUSTER_COLUMNS = ("id", "name", "name_pl", "name_en", "slug", "is_ecosystem_anchor")
ECOSYSTEM_LIST = RowQuery(lambda: _list_branches(size=CLUSTERS_ON_LIST), ahead=(CLUSTERS_ON_LIST,))


class EcosystemListView(ListView):
    template_name = "ecosystems/ecosystem_list.html"
    context_object_name = "ecosystems"

    def get_queryset(self):
        self.found = ECOSYSTEM_LIST.rows(shape=(CLUSTERS_ON_LIST,))
        return [instance(Ecosystem, row) for row in self.found["ecosystems"]]

    def get_context_data(self, **kwargs):
        firsts = {}
        for row in self.found["clusters"]:
            cluster = instance(Cluster, row, only=(*LIST_CLUSTER_COLUMNS, "ecosystem_id"))
            firsts.setdefault(cluster.ecosystem_id, []).append(
                (*named_link(cluster), cluster.is_ecosystem_anchor)
            )
        rows = [
            (
                *named_link(ecosystem),
                text_in_language(ecosystem, "summary", paragraphs=False),
                firsts.get(ecosystem.pk, []),
                row["cluster_count"],
                ecosystem.slug,
            )
            for ecosystem, row in zip(self.object_list, self.found["ecosystems"], strict=True)
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


# What the ecosystem's page shows of each row: a link, the name and the little beside it.
CLUSTER_COLUMNS = ("id", "name", "name_pl", "name_en", "slug", "is_ecosystem_anchor")
INITIATOR_COLUMNS = ("id", "name", "name_pl", "name_en")
ORGANISATION_COLUMNS = ("id", "name", "name_pl", "name_en", "slug", "organisation_type")
SPECIALISATION_COLUMNS = ("id", "name", "name_pl", "name_en", "slug")


def _first(queryset, size):
    """The ids of the first ``size`` rows of ``queryset`` (a subquery)."""
    return queryset.values("pk")[:size]


def _ecosystem_by_slug(*, slug):
    """The ecosystem and the ids of its published clusters: by id the lists need no join (the
    planner then reads the first organisations by name in a few ms, where a join made it start
    parallel workers)."""
    return {
        "ecosystem": branch(Ecosystem.objects.public().filter(slug=slug), row_fields(Ecosystem)),
        "cluster_ids": branch(
            Cluster.objects.public().filter(ecosystem__slug=slug), {"id": "pk"}, ["pk"]
        ),
    }


def ecosystem_lists(cluster_ids):
    """(specialisations, memberships) of the clusters ``cluster_ids``: the specialisations in the
    page's order."""
    through = Cluster.specialisations.through.objects.filter(
        specialisation=OuterRef("pk"), cluster__in=cluster_ids
    )
    specialisations = Specialisation.objects.public().filter(Exists(through))
    # An organisation of a published cluster is public: no need of ``public()``'s own test.
    return specialisations, Membership.objects.filter(cluster__in=cluster_ids)


def _detail_branches(*, clusters, size, walk):
    """The first ``size`` rows of each of the ecosystem's lists (core.json_rows), its first
    organisations found one way or the other (``pages.first_organisations``)."""
    specialisations, memberships = ecosystem_lists(clusters)
    specialisation_order = model_ordering(Specialisation.objects.all())
    return {
        "clusters": branch(
            Cluster.objects.filter(
                pk__in=_first(ecosystem_clusters().filter(pk__in=clusters), size)
            ),
            {
                **row_fields(Cluster, only=CLUSTER_COLUMNS),
                **row_fields(Initiator, "initiator", only=INITIATOR_COLUMNS),
            },
            [F("is_ecosystem_anchor").desc(), PolishCollate(InLanguage("name"))],
        ),
        "specialisations": branch(
            # the first ones in the order they are shown (model_ordering, not the default one,
            # which an English page reads by the English sector name alone)
            Specialisation.objects.filter(
                pk__in=_first(specialisations.order_by(*specialisation_order), size)
            ),
            row_fields(Specialisation, only=SPECIALISATION_COLUMNS),
            specialisation_order,
        ),
        "organisations": branch(
            MemberOrganisation.objects.filter(pk__in=first_of(memberships, size, walk)),
            row_fields(MemberOrganisation, only=ORGANISATION_COLUMNS),
            [PolishCollate(InLanguage("name"))],
        ),
    }


ECOSYSTEM_BY_SLUG = RowQuery(_ecosystem_by_slug, ahead=(), slug=str)
ECOSYSTEM_LISTS = {
    walk: RowQuery(
        lambda *, clusters, walk=walk: _detail_branches(
            clusters=clusters, size=core.bounded.PREVIEW_SIZE + 1, walk=walk
        ),
        clusters=list,
    )
    for walk in (True, False)
}


def organisation_total(ecosystem, cluster_ids):
    """How many organisations the ecosystem's clusters have: counted once per data version, it
    decides how the first ones are found and whether the list is cut."""
    if not cluster_ids:
        return 0
    return cached_count(
        ["ecosystem-organisations", ecosystem.pk],
        # built only when counted: most requests read the count kept
        lambda: ecosystem_lists(cluster_ids)[1].values("organisation").distinct().count(),
    )


def _preview(items, count, key):
    """A Preview of the first rows read (one more than shown) and their total, counted once per
    data version when the list is cut (an ecosystem may hold tens of thousands of organisations)."""
    return core.bounded.cut(items, lambda: cached_count(key, count))


def _cluster_row(row, initiator_label):
    """(address, name, whether the anchor, "inicjator: …") of a cluster on the ecosystem's page."""
    cluster = instance(Cluster, row, only=CLUSTER_COLUMNS)
    initiator = instance(Initiator, row, "initiator", only=INITIATOR_COLUMNS)
    label = mark_safe(initiator_label % {"initiator": conditional_escape(initiator.name)})  # noqa: S308 - the value is escaped, the text is the catalogue's
    return (*named_link(cluster), cluster.is_ecosystem_anchor, label)


def organisation_rows(rows):
    """[(address, name, type)] of organisations: the type's label from one dict per page
    (``get_organisation_type_display()`` rebuilds and translates every choice per call)."""
    labels = {value: str(label) for value, label in OrganisationType.choices}
    unknown = _("brak danych")
    found = []
    for row in rows:
        organisation = instance(MemberOrganisation, row, only=ORGANISATION_COLUMNS)
        kind = organisation.organisation_type
        found.append((*named_link(organisation), labels.get(kind, kind) or unknown))
    return found


class EcosystemDetailView(DetailView):
    template_name = "ecosystems/ecosystem_detail.html"
    context_object_name = "ecosystem"

    def get_object(self, queryset=None):
        found = ECOSYSTEM_BY_SLUG.rows(slug=self.kwargs["slug"])
        if not found["ecosystem"]:
            raise Http404
        self.cluster_ids = [row["id"] for row in found["cluster_ids"]]
        return instance(Ecosystem, found["ecosystem"][0])

    def get_context_data(self, **kwargs):
        ecosystem, cluster_ids = self.object, self.cluster_ids
        size = core.bounded.PREVIEW_SIZE
        organisation_count = organisation_total(ecosystem, cluster_ids)
        found = {"clusters": [], "specialisations": [], "organisations": []}
        if cluster_ids:
            lists = ECOSYSTEM_LISTS[walks(organisation_count)]
            found = lists.rows(shape=(size,), clusters=cluster_ids)
        organisations = organisation_rows(found["organisations"])
        # one translation for every row (a {% blocktranslate %} per row cost ~50 µs)
        initiator_label = _("inicjator: %(initiator)s")
        return super().get_context_data(
            page_title=ecosystem.name,
            page_description=ecosystem.summary
            or _("Ekosystem gospodarczy %(name)s: klastry, specjalizacje i organizacje.")
            % {"name": ecosystem.name},
            clusters=Preview(
                [_cluster_row(row, initiator_label) for row in found["clusters"][:size]],
                len(cluster_ids),
            ),
            specialisations=_preview(
                [
                    named_link(instance(Specialisation, row, only=SPECIALISATION_COLUMNS))
                    for row in found["specialisations"]
                ],
                # built only to count, once per data version (1 ms of Django per request)
                lambda: ecosystem_lists(cluster_ids)[0].count(),
                ["ecosystem-specialisations", ecosystem.pk],
            ),
            # the rows' own number when they all fit: exact even when the count is not kept
            organisations=Preview(
                organisations[:size],
                organisation_count if len(organisations) > size else len(organisations),
            ),
            filter_query=f"ecosystem={ecosystem.slug}",
            **kwargs,
        )
