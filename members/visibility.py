"""Which organisations visitors see, kept on their rows (``MemberOrganisation.listed``).

The rule: an organisation is listed unless it has memberships and every one of them is in an
unpublished cluster (an organisation in no cluster yet stays listed: an administrator may add one
so). It depends on other rows, so it used to be asked of them on every public query: two
membership probes a row, or the hidden ones' ids found once per data version (10,000 probes,
45-175 ms at 200,000 organisations) and sent with every query as an array of 6,000 ids. Kept on
the row, a page reads it with the row and a count leaves out the few unlisted ones by their index.

It is written wherever what it depends on is: a membership saved, moved or deleted, a cluster
saved or deleted, an organisation saved (a fixture may load it after its memberships, and a stale
instance would write its old value). Writes that send no signals (``bulk_create``, ``update()``)
call ``refresh_listed`` themselves, as they call ``data_changed``. It runs in the write's own
transaction, so no reader sees the rows without their flag.

Two writes may overlap (an office's import adds an organisation to a cluster while an
administrator unpublishes that cluster: the new member would stay listed), so every refresh first
waits for the other writers, and every ``migrate`` writes every row's flag again
(``members.derived_rows``).
"""

from django.db.models import Exists, OuterRef, Q, QuerySet, signals

from clusters.models import Cluster

from .derived_rows import mend_after_migrate, wait_for_other_writers
from .models import MemberOrganisation, Membership


def _listed_rule():
    memberships = Membership.objects.filter(organisation=OuterRef("pk"))
    return ~Exists(memberships) | Exists(memberships.public())


def refresh_listed(organisations=None):
    """Write ``listed`` as the rule says on the organisations (ids, or a subquery of them; all
    when None) whose flag is out of step: two updates of the rows that change, none otherwise."""
    wait_for_other_writers()
    rows = MemberOrganisation.objects.all()
    if organisations is not None:
        rows = rows.filter(pk__in=organisations)
    rule = _listed_rule()
    rows.filter(Q(listed=False) & rule).update(listed=True)
    rows.filter(Q(listed=True) & ~rule).update(listed=False)


def _members_of(cluster):
    return Membership.objects.filter(cluster=cluster).values("organisation")


def _from(origin, model):
    """Whether a deletion started at a ``model`` row (or a queryset of them)."""
    return isinstance(origin, model) or (isinstance(origin, QuerySet) and origin.model is model)


def _membership_will_save(sender, instance, **kwargs):
    # a membership moved to another organisation changes the one it leaves too
    instance._organisation_before = (
        Membership.objects.filter(pk=instance.pk).values_list("organisation", flat=True).first()
        if instance.pk is not None
        else None
    )


def _membership_saved(sender, instance, **kwargs):
    before = getattr(instance, "_organisation_before", None)
    refresh_listed({instance.organisation_id, before} - {None})


def _membership_deleted(sender, instance, origin=None, **kwargs):
    # A cluster's or an organisation's deletion takes its memberships along: the cluster
    # refreshes its former members at once (below), and a deleted organisation has no flag.
    if _from(origin, Cluster) or _from(origin, MemberOrganisation):
        return
    refresh_listed([instance.organisation_id])


def _cluster_will_save(sender, instance, update_fields=None, **kwargs):
    # Its publication as stored (None for a row not there yet, which a fixture may load after
    # its memberships): an edit that leaves it as it was leaves the members' flags alone.
    instance._published_before = (
        Cluster.objects.filter(pk=instance.pk).values_list("published", flat=True).first()
        if instance.pk is not None and (update_fields is None or "published" in update_fields)
        else instance.published
    )


def _cluster_saved(sender, instance, **kwargs):
    if getattr(instance, "_published_before", None) != instance.published:
        refresh_listed(_members_of(instance))


def _cluster_will_delete(sender, instance, **kwargs):
    instance._members_before = list(_members_of(instance).values_list("organisation", flat=True))


def _cluster_deleted(sender, instance, **kwargs):
    refresh_listed(getattr(instance, "_members_before", []))


def _organisation_saved(sender, instance, **kwargs):
    refresh_listed([instance.pk])


def _links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """``organisation.clusters.add(…)``, ``cluster.organisations.clear()`` and the like, which
    write memberships without their save signals."""
    if not reverse:
        if action.startswith("post_"):
            refresh_listed([instance.pk])
    elif action == "pre_clear":
        _cluster_will_delete(sender, instance)
    elif action.startswith("post_"):
        refresh_listed(pk_set if pk_set is not None else getattr(instance, "_members_before", []))


# every row's flag after ``migrate`` (MembersConfig.ready connects it)
refresh_all_after_migrate = mend_after_migrate(MemberOrganisation, ["listed"], refresh_listed)


def keep_listed_in_step():
    """Connect the writes that change whom visitors see (``MembersConfig.ready``)."""
    receivers = [
        (signals.pre_save, _membership_will_save, Membership),
        (signals.post_save, _membership_saved, Membership),
        (signals.post_delete, _membership_deleted, Membership),
        (signals.pre_save, _cluster_will_save, Cluster),
        (signals.post_save, _cluster_saved, Cluster),
        (signals.pre_delete, _cluster_will_delete, Cluster),
        (signals.post_delete, _cluster_deleted, Cluster),
        (signals.post_save, _organisation_saved, MemberOrganisation),
        (signals.m2m_changed, _links_changed, Membership),
    ]
    for signal, receiver, sender in receivers:
        signal.connect(receiver, sender=sender, dispatch_uid=f"listed-{receiver.__name__}")
