"""The directory's figures, counted from the database on every request: the home page and the
statistics page ("Klastry w liczbach") draw the same counts from here.

Each function costs one query, whatever the number of clusters.
"""

from urllib.parse import urlencode

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from clusters.models import Cluster, ClusterStatus, EvidenceRecency, InitiatorKind, Sector
from core.charts import column_chart, scaled_bars, share_bars
from core.db_functions import in_polish_order
from core.listing.counts import cached_count
from ecosystems.models import Ecosystem


def listing_url(**filters):
    return f"{reverse('clusters:list')}?{urlencode(filters)}"


def split_bars(counts, choices, total, filter_name):
    """Share bars for every choice, in the choices' order, a choice without clusters showing 0.

    Each bar links to the cluster listing filtered by its choice (``filter_name`` of ClusterFilter).
    """
    return share_bars(
        (
            (label, counts.get(value, 0), listing_url(**{filter_name: value}))
            for value, label in choices
        ),
        total,
    )


def initiator_bars():
    """(bars by initiator kind, total of public clusters)."""
    by_initiator = Cluster.objects.public().count_by("initiator__kind")
    total = sum(by_initiator.values())
    return split_bars(by_initiator, InitiatorKind.choices, total, "initiator_kind"), total


def activity_bars(total):
    """(bars of clusters by how recent their latest documented activity is, each linking to the
    filtered listing; bars of the seed's active / inactive wording, or [] when no source states it
    for any cluster), from one query. ``ACTIVITY_HELP`` says what the grouping means."""
    # the newest evidence of every cluster, grouped: the home page's slowest query at a national
    # catalogue's size (108-185 ms at 2,000 clusters), the same until the data changes
    rows = cached_count(
        ["figures", "activity"],
        lambda: list(
            Cluster.objects.public()
            .with_latest_evidence()
            .order_by()
            .values_list("evidence_recency", "status")
            .annotate(n=Count("pk"))
        ),
    )
    by_recency, by_status = {}, {}
    for recency, status, n in rows:
        by_recency[recency] = by_recency.get(recency, 0) + n
        by_status[status] = by_status.get(status, 0) + n
    stated = any(status != ClusterStatus.UNASSESSED for status in by_status)
    return (
        split_bars(by_recency, EvidenceRecency.choices, total, "activity"),
        split_bars(by_status, ClusterStatus.choices, total, "status") if stated else [],
    )


def ecosystem_bars(total):
    """Clusters per ecosystem, in the seed's order, and those outside every ecosystem."""
    ecosystems = (
        Ecosystem.objects.public()
        .annotate(cluster_count=Count("clusters", filter=Q(clusters__published=True)))
        .order_by(*Ecosystem._meta.ordering)  # a GROUP BY query ignores Meta.ordering
    )
    items = [(e.name, e.cluster_count, listing_url(ecosystem=e.slug)) for e in ecosystems]
    outside = total - sum(count for _name, count, _url in items)
    return share_bars([*items, (_("poza ekosystemami"), outside)], total)


def founding_years():
    """(column chart of clusters per founding year, every year from the first to the last, a year
    without a new cluster showing 0; [(year, count, listing URL of that year's clusters)], years
    with clusters only; how many clusters have no known year), from one grouped query: the page
    gives counts, not every cluster's name, so it stays the same size at any number of clusters."""
    rows = (
        Cluster.objects.public()
        .order_by()
        .values_list("founded_year")
        .annotate(n=Count("pk"))
        .values_list("founded_year", "n")
    )
    by_year = dict(rows)
    unknown = by_year.pop(None, 0)
    years = range(min(by_year), max(by_year) + 1) if by_year else []
    chart = column_chart(
        [(str(year), by_year.get(year, 0)) for year in years],
        width=max(320, 36 * len(years)),
    )
    table = [
        (year, count, listing_url(founded_min=year, founded_max=year))
        for year, count in sorted(by_year.items())
    ]
    return chart, table, unknown


def member_count_note(cluster):
    """The year a member count describes ("2019", "bez daty"), and "ponad" when the source gave a
    lower bound: what a count may never be shown without."""
    year = str(cluster.member_count_year) if cluster.member_count_year else _("bez daty")
    return f"{year}, {_('ponad')}" if cluster.member_count_is_lower_bound else year


# Bars of the largest member counts the statistics page draws; the listing sorted by member
# count (and its CSV) gives every cluster's.
MEMBER_BARS = 20


def member_count_bars(limit=MEMBER_BARS):
    """(bars of the ``limit`` largest latest member counts, scaled to the largest, each labelled
    with the year the count describes; how many clusters have a count; the first ``limit``
    clusters without one, by name; how many have none), from three queries whatever the number
    of clusters."""
    clusters = Cluster.objects.public().with_member_count()
    largest = (
        clusters.filter(member_count__isnull=False)
        .only("name", "slug")
        .order_by(F("member_count").desc(), in_polish_order("name"))[:limit]
    )
    bars = scaled_bars(
        (c.name, c.member_count, c.get_absolute_url(), member_count_note(c)) for c in largest
    )
    totals = clusters.aggregate(known=Count("member_count"), every=Count("pk"))
    unknown = list(
        clusters.filter(member_count__isnull=True)
        .only("name", "slug")
        .order_by(in_polish_order("name"))[:limit]
    )
    return bars, totals["known"], unknown, totals["every"] - totals["known"]


def sector_bars(total):
    """Clusters with at least one specialisation in each sector, as a share of all clusters (a
    cluster may work in several sectors: the shares do not add up to 100 %)."""
    sectors = (
        Sector.objects.public()
        .annotate(
            cluster_count=Count(
                "specialisations__clusters",
                filter=Q(specialisations__clusters__published=True),
                distinct=True,
            )
        )
        .order_by(*Sector._meta.ordering)
    )
    return share_bars(((s.name, s.cluster_count) for s in sectors), total)
