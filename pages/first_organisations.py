"""How a cluster's profile and an ecosystem's page find their first organisations by name.

A cluster's: from its own memberships, which carry their organisation's names and are indexed by
cluster and name (``first_members``), whatever its size. Read through the organisations, the
biggest cluster at scale cost its page 3-4.5 ms (the walk below) and 3 ms of planning.

An ecosystem's organisations are those of all its clusters, each once, which no one index holds in
name order (``first_of``). From ``WALK_FROM`` organisations, by reading the organisations in name
order (their name index) until enough belong to the ecosystem's clusters: about PREVIEW_SIZE ×
organisations / members of them. Below it, by reading the memberships and sorting their
organisations: about one lookup per member. At 200,000 organisations the two cross near 3,000
members. Left to its estimates PostgreSQL read the index for 1,000-2,400 members too, in parallel
workers: 18,000 organisations and 100-600 ms for 1,001.

The walk looks each organisation up in a hash of the memberships' organisations, read once.
Planned as a semi-join, as PostgreSQL plans ``EXISTS`` or a bare ``IN``, it probed the membership
index for each organisation instead, three pages a probe: for the ecosystem of the most clusters
(51 clusters, 4,003 organisations) 2,533 probes, 4.2 ms, against 1.1 ms with the hash.
"""

from django.db.models import BooleanField, CharField, Exists, F, Func, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat

from core.db_functions import PolishCollate, in_polish_order
from core.languages import InLanguage
from members.models import MemberOrganisation, Membership

WALK_FROM = 3000


def walks(total):
    """Whether a list of ``total`` organisations is read in the order of the name index."""
    return total >= WALK_FROM


def by_name(walk, field="name"):
    """Organisations by name in the page's language: the expression of the name index when the
    index is to be read (``walk``); else the same order through an expression no index holds (the
    name with an empty text appended), so the database sorts the cluster's own organisations."""
    name = InLanguage(field)
    if walk:
        return PolishCollate(name)
    # Cast: the English name is a Coalesce of two columns, which needs a type of its own here
    return PolishCollate(Concat(Cast(name, CharField()), Value(""), output_field=CharField()))


class _InSubquery(Func):
    """``column IN (subquery)``, written on PostgreSQL as the subclass's ``postgresql`` says."""

    output_field = BooleanField()
    postgresql = "{} IN {}"

    def as_sql(self, compiler, connection, **extra_context):
        column, subquery = self.get_source_expressions()
        column_sql, column_params = compiler.compile(column)
        subquery_sql, subquery_params = compiler.compile(subquery)
        where = self.postgresql if connection.vendor == "postgresql" else "{} IN {}"
        return where.format(column_sql, subquery_sql), (*column_params, *subquery_params)


class _InHashedSet(_InSubquery):
    """Written ``(… IN …) IS TRUE``: PostgreSQL then cannot turn it into a semi-join and reads the
    subquery once into a hash ("hashed SubPlan")."""

    postgresql = "({} IN {}) IS TRUE"


def first_of(memberships, size, walk):
    """The ids of the first ``size`` organisations of ``memberships`` (a queryset of them: a
    cluster's, an ecosystem's) by name in the page's language, found by walking the name index
    (``walk``) or by sorting their own."""
    if walk:
        members = memberships.order_by().values("organisation_id")
        belongs = _InHashedSet(F("pk"), Subquery(members))
    else:
        belongs = Exists(memberships.filter(organisation=OuterRef("pk")))
    return MemberOrganisation.objects.filter(belongs).order_by(by_name(walk)).values("pk")[:size]


def first_members(cluster, size):
    """The ids of the first ``size`` organisations of ``cluster`` by name in the page's language,
    in the order of its memberships' index (``membership_name_<language>``, members/0021): each
    organisation once, by its first role (an organisation may hold several in one cluster)."""
    memberships = Membership.objects.filter(cluster=cluster)
    earlier_role = Membership.objects.filter(
        cluster=OuterRef("cluster"),
        organisation=OuterRef("organisation"),
        role__lt=OuterRef("role"),
    )
    return (
        memberships.exclude(Exists(earlier_role))
        .order_by(in_polish_order("organisation_name"), "organisation_id")
        .values("organisation_id")[:size]
    )


class _AmongFirst(_InSubquery):
    """Written ``= ANY(ARRAY(first))``: the first organisations found once, then their
    memberships looked up by organisation (51 index probes). As a semi-join PostgreSQL read every
    membership of the cluster to match them (5,602 rows, ~3 ms, for the biggest cluster)."""

    postgresql = "{} = ANY(ARRAY{})"


def among_first(first, field="organisation_id"):
    """A condition on memberships: theirs is one of the organisations ``first`` selects (their
    ids, in a subquery)."""
    return _AmongFirst(F(field), Subquery(first))
