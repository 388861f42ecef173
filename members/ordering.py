"""The orders of the member-organisation listing and the indexes that serve them.

Each sort is one expression list, built by the functions here both for the query
(``OrganisationQuery.sort_options``) and for its index (migration 0011): PostgreSQL uses an index
only when its expression is the ORDER BY's exactly.
"""

from django.db.models import Case, When
from django.utils.translation import gettext_lazy as _

from core.db_functions import PolishCollate, in_polish_order, name_order_indexes

# organisations without a known town last, then the towns and names in the Polish alphabet
TOWN_FIRST = (Case(When(city="", then=1), default=0), PolishCollate("city"))

SORTS = {
    "name": (_("nazwa (A–Z)"), (in_polish_order("name"),)),
    "-name": (_("nazwa (Z–A)"), (in_polish_order("name").desc(),)),
    "city": (_("miejscowość"), (*TOWN_FIRST, in_polish_order("name"))),
}


def sort_indexes():
    """The indexes of SORTS, one per language ("-name" reads the "name" index backwards)."""
    return [
        *name_order_indexes("organisation_name"),
        *name_order_indexes("organisation_town", leading=TOWN_FIRST),
    ]


def place_town_indexes():
    """The town sort within one place (``?place=lublin&sort=city``), one index per language: led by
    the ``place`` expression, so that PostgreSQL reads Lublin's organisations in town order
    directly instead of walking the town index past every town before Lublin (60,000 rows at
    200,000 organisations)."""
    from members.models import place_of_organisation

    return name_order_indexes(
        "organisation_place_town", leading=(place_of_organisation(), *TOWN_FIRST)
    )
