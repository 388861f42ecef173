"""What a cluster's profile reads of this app, as branches of one query (``core.json_rows``).

The profile (``pages.views.cluster_profile``) reads the cluster by its slug, then everything that
hangs on it in one more query, to which it adds its own branches (the members, an app above this
one). ``attach()`` puts the rows where the ORM's ``select_related`` and ``prefetch_related`` would
have put them, so the cluster's methods (``reports_in_order``, ``partner_groups``…) and the
template read them as before.
"""

from core.json_rows import RowQuery, branch, instance, model_ordering, row_fields
from ecosystems.models import Ecosystem

from .models import (
    ActivityEvidence,
    Cluster,
    Event,
    Initiator,
    KeyFigure,
    Label,
    MemberReport,
    PartnerCountry,
    Project,
    Sector,
    Source,
    Specialisation,
)

# The cluster's own rows listed on its profile: (prefetch cache name, model, queryset in order).
DEPENDENTS = (
    ("member_reports", MemberReport, lambda: MemberReport.objects.chronological()),
    ("partner_countries", PartnerCountry, lambda: PartnerCountry.objects.all()),
    ("events", Event, lambda: Event.objects.all()),
    ("projects", Project, lambda: Project.objects.all()),
    ("key_figures", KeyFigure, lambda: KeyFigure.objects.all()),
    ("labels", Label, lambda: Label.objects.all()),
    ("activity_evidence", ActivityEvidence, lambda: ActivityEvidence.objects.newest_first()),
)

SOURCE_FIELDS = ("names_source", "founded_source", "contact_source")


def _find(slug):
    return {
        "cluster": branch(Cluster.objects.public().filter(slug=slug), row_fields(Cluster)),
    }


PUBLIC_CLUSTER = RowQuery(_find, ahead=(), slug=str)


def public_cluster(slug):
    """The published cluster of this slug, or None."""
    rows = PUBLIC_CLUSTER.rows(slug=slug)["cluster"]
    return instance(Cluster, rows[0]) if rows else None


def profile_branches(
    *, cluster, initiator, ecosystem, names_source, founded_source, contact_source
):
    """{name: branch} of everything the profile shows that lives in this app (the arguments are
    the cluster's id and the ids its row points to)."""
    with_source = {**row_fields(Source, "source")}
    branches = {
        "initiator": branch(
            Initiator.objects.filter(pk=initiator), {**row_fields(Initiator), **with_source}
        ),
        "ecosystem": branch(Ecosystem.objects.filter(pk=ecosystem), row_fields(Ecosystem)),
        "cluster_sources": branch(
            Source.objects.filter(pk__in=[names_source, founded_source, contact_source]),
            row_fields(Source),
        ),
        "specialisations": branch(
            Specialisation.objects.filter(clusters=cluster),
            {**row_fields(Specialisation), **row_fields(Sector, "sector")},
            model_ordering(Specialisation.objects.all()),
        ),
        "description_sources": branch(
            Source.objects.filter(described_clusters=cluster),
            row_fields(Source),
            model_ordering(Source.objects.all()),
        ),
    }
    for name, model, ordered in DEPENDENTS:
        branches[name] = branch(
            model.objects.filter(cluster=cluster),
            {**row_fields(model), **with_source},
            model_ordering(ordered(), leave_out=("cluster__name",)),
        )
    return branches


def profile_keys(cluster):
    """The values of ``profile_branches``' arguments for this cluster."""
    return {
        "cluster": cluster.pk,
        "initiator": cluster.initiator_id,
        "ecosystem": cluster.ecosystem_id,
        **{name: getattr(cluster, f"{name}_id") for name in SOURCE_FIELDS},
    }


def _with_source(model, row):
    item = instance(model, row)
    model.source.field.set_cached_value(item, instance(Source, row, "source"))
    return item


def _prefetched(cluster, name, items):
    """Put ``items`` where ``prefetch_related(name)`` would: ``cluster.<name>.all()`` reads them."""
    queryset = getattr(cluster, name).get_queryset()
    queryset._result_cache = items
    queryset._prefetch_done = True
    cluster._prefetched_objects_cache[name] = queryset


def attach(cluster, found):
    """Put the rows ``profile_branches`` read (``found``: {name: rows}) on ``cluster``."""
    initiator = _with_source(Initiator, found["initiator"][0])
    Cluster.initiator.field.set_cached_value(cluster, initiator)
    ecosystems = found["ecosystem"]
    Cluster.ecosystem.field.set_cached_value(
        cluster, instance(Ecosystem, ecosystems[0]) if ecosystems else None
    )
    sources = {row["id"]: instance(Source, row) for row in found["cluster_sources"]}
    for name in SOURCE_FIELDS:
        field = Cluster._meta.get_field(name)
        field.set_cached_value(cluster, sources.get(getattr(cluster, field.attname)))

    if not hasattr(cluster, "_prefetched_objects_cache"):
        cluster._prefetched_objects_cache = {}
    specialisations = []
    for row in found["specialisations"]:
        specialisation = instance(Specialisation, row)
        Specialisation.sector.field.set_cached_value(
            specialisation, instance(Sector, row, "sector")
        )
        specialisations.append(specialisation)
    _prefetched(cluster, "specialisations", specialisations)
    _prefetched(
        cluster,
        "description_sources",
        [instance(Source, row) for row in found["description_sources"]],
    )
    for name, model, _ordered in DEPENDENTS:
        items = [_with_source(model, row) for row in found[name]]
        for item in items:
            model.cluster.field.set_cached_value(item, cluster)
        _prefetched(cluster, name, items)
    return cluster
