"""The organisation's names copied on its memberships (``Membership.organisation_name_pl``/``_en``).

A cluster's profile names its first members by name. The names are the organisations', so the
database could not read them in order from the cluster's memberships: it walked the name index of
every organisation until enough of them belonged to the cluster (the biggest cluster at 200,000
organisations: ~1,800 organisations and a hash of its 5,600 memberships, 3-4.5 ms of its page's
query, plus 3 ms of planning). With the names on the memberships, one index of (cluster, name)
gives the first ones at once (``pages.first_organisations.first_members``).

A copy must follow its original. It is written where either changes, in the write's own
transaction: an organisation saved (renamed, or loaded by a fixture after its memberships), a
membership saved (new, or moved to another organisation), links written through the many-to-many
fields. Writes that send no signals (``bulk_create``, ``bulk_update``, ``update()``) call
``refresh_name_copies`` themselves, as they call ``refresh_listed``; every ``migrate`` writes them
all again (``members.derived_rows``), mending what a write from outside the site left.
"""

from django.db.models import OuterRef, Q, Subquery, Value, signals
from django.db.models.functions import Coalesce

from .derived_rows import mend_after_migrate, wait_for_other_writers
from .models import MemberOrganisation, Membership

COPIED = {"organisation_name_pl": "name_pl", "organisation_name_en": "name_en"}


def refresh_name_copies(organisations=None):
    """Copy the names of ``organisations`` (ids, or a subquery of them; all when None) onto their
    memberships, where they differ: one update of the rows that change. Returns their number.
    Waits for an overlapping writer first (``members.derived_rows``: an import adding an
    organisation to a cluster while an administrator renames it would copy the name it saw)."""
    wait_for_other_writers()
    own = MemberOrganisation.objects.filter(pk=OuterRef("organisation_id"))
    names = {
        copy: Coalesce(Subquery(own.values(original)), Value(""))
        for copy, original in COPIED.items()
    }
    out_of_step = Q()
    for copy, name in names.items():
        out_of_step |= ~Q(**{copy: name})
    rows = Membership.objects.all()
    if organisations is not None:
        rows = rows.filter(organisation__in=organisations)
    return rows.filter(out_of_step).update(**names)


def _organisation_saved(sender, instance, **kwargs):
    refresh_name_copies([instance.pk])


def _membership_saved(sender, instance, **kwargs):
    refresh_name_copies([instance.organisation_id])


def _links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """``organisation.clusters.add(…)`` and the like write memberships without their save
    signals (a cluster's ``add`` names the organisations in ``pk_set``)."""
    if action == "post_add":
        refresh_name_copies(pk_set if reverse else [instance.pk])


# every membership's copies after ``migrate`` (MembersConfig.ready connects it)
refresh_all_after_migrate = mend_after_migrate(Membership, COPIED, refresh_name_copies)


def keep_name_copies_in_step():
    """Connect the writes that change a copied name (``MembersConfig.ready``)."""
    receivers = [
        (signals.post_save, _organisation_saved, MemberOrganisation),
        (signals.post_save, _membership_saved, Membership),
        (signals.m2m_changed, _links_changed, Membership),
    ]
    for signal, receiver, sender in receivers:
        signal.connect(receiver, sender=sender, dispatch_uid=f"name-copies-{receiver.__name__}")
