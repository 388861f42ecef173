"""Memberships grouped for display: one row per organisation (on a cluster) or per cluster."""

from django.utils.encoding import force_str

from core.text import polish_sorted

from .models import MembershipRole


def roles_by(memberships, attribute, *, skip_plain_members=False):
    """[(organisation or cluster, [role labels])] sorted by name; one row however many roles.

    ``attribute`` is ``"organisation"`` or ``"cluster"``. With ``skip_plain_members`` the role
    "członek" is left out of the labels (a cluster's list of members needs no such badge).
    """
    rows = {}
    # get_role_display() rebuilds the choices' dict per call: hundreds of memberships on a page
    labels = dict(MembershipRole.choices)
    for membership in memberships:
        roles = rows.setdefault(getattr(membership, attribute), [])
        if not (skip_plain_members and membership.role == MembershipRole.MEMBER):
            roles.append(force_str(labels.get(membership.role, membership.role)))
    return polish_sorted(rows.items(), key=lambda row: row[0].name)
