"""How a cluster's profile finds its first organisations by name.

From ``WALK_FROM`` members, by reading the organisations in name order (the name index) until
enough belong to the cluster: about PREVIEW_SIZE × organisations / members lookups. Below it, by
reading its memberships and sorting their organisations: about one lookup per member. At 200,000
organisations the two cross near 3,000 members. Left to its estimates PostgreSQL read the index for
clusters of 1,000-2,400 members too, in parallel workers: 18,000 organisations and 100-600 ms for a
cluster of 1,001. (An ecosystem's page still lets PostgreSQL choose: for ecosystems of about 3,000
organisations neither way is reliably fast under PostgreSQL's default random_page_cost, which
makes it prefer reading every organisation to looking up a few thousand.)
"""

from django.db.models import BooleanField, CharField, F, Func, Subquery, Value
from django.db.models.functions import Cast, Concat

from core.db_functions import PolishCollate
from core.languages import InLanguage

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


class _AmongFirst(Func):
    """``organisation_id IN (first)`` written ``= ANY(ARRAY(first))`` on PostgreSQL: the first
    organisations found once, then their memberships looked up by organisation (51 index probes).
    As a semi-join PostgreSQL read every membership of the cluster to match them (5,602 rows,
    ~3 ms, for the biggest cluster)."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra_context):
        column, first = self.get_source_expressions()
        column_sql, column_params = compiler.compile(column)
        first_sql, first_params = compiler.compile(first)
        where = "{} = ANY(ARRAY{})" if connection.vendor == "postgresql" else "{} IN {}"
        return where.format(column_sql, first_sql), (*column_params, *first_params)


def among_first(first, field="organisation_id"):
    """A condition on memberships: theirs is one of the organisations ``first`` selects (their
    ids, in a subquery)."""
    return _AmongFirst(F(field), Subquery(first))
