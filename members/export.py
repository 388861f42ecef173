"""Organisations as text for the CSV exports (the listing's and the investor's)."""

from .grouping import roles_by
from .models import Place


def clusters_with_roles(organisation):
    """ "Cluster (role, role); Cluster (role)" from the organisation's prefetched memberships."""
    return "; ".join(
        f"{cluster.name} ({', '.join(str(role) for role in roles)})"
        for cluster, roles in roles_by(organisation.memberships.all(), "cluster")
    )


def place_label(organisation):
    """The ``place`` annotation of ``MemberOrganisation.objects.with_place()`` as its label."""
    return str(Place(organisation.place).label)
