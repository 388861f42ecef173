"""How a cluster's profile and an ecosystem's page find their first organisations by name.

From ``WALK_FROM`` organisations, by reading the organisations in name order (the name index) until
enough belong to the cluster (or to the ecosystem's clusters): about PREVIEW_SIZE × organisations /
members of them. Below it, by reading the memberships and sorting their organisations: about one
lookup per member. At 200,000 organisations the two cross near 3,000 members. Left to its
estimates PostgreSQL read the index for clusters of 1,000-2,400 members too, in parallel workers:
18,000 organisations and 100-600 ms for a cluster of 1,001.

The walk looks each organisation up in a hash of the memberships' organisations, read once
(``first_of``). Planned as a semi-join, as PostgreSQL plans ``EXISTS`` or a bare ``IN``, it probed
the membership index for each organisation instead, three pages a probe: for the biggest cluster at
scale 1,847 probes, 6.5 ms, and 1.9 ms of planning, against 2.0 and 0.2 ms with the hash; for the
ecosystem of the most clusters (51 clusters, 4,003 organisations) 2,533 probes, 4.2 ms, against
1.1 ms.
"""

from django.db.models import BooleanField, CharField, Exists, F, Func, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat

from core.db_functions import PolishCollate
from core.languages import InLanguage
from members.models import MemberOrganisation

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


class _AmongFirst(_InSubquery):
    """Written ``= ANY(ARRAY(first))``: the first organisations found once, then their
    memberships looked up by organisation (51 index probes). As a semi-join PostgreSQL read every
    membership of the cluster to match them (5,602 rows, ~3 ms, for the biggest cluster)."""

    postgresql = "{} = ANY(ARRAY{})"


def among_first(first, field="organisation_id"):
    """A condition on memberships: theirs is one of the organisations ``first`` selects (their
    ids, in a subquery)."""
    return _AmongFirst(F(field), Subquery(first))
