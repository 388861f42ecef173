"""A cluster's result card (the listing, the investor's search, a specialisation's page), written
in Python (``core.listing.cards`` says why).

What is known, compactly; what is not, named once (``Cluster.unknown_on_card``). Most clusters are
in no ecosystem: only the five that are say so (the profile says "poza ekosystemami").
"""

from dataclasses import dataclass
from html import escape

from django.urls import get_script_prefix
from django.utils.translation import gettext_noop

from core.compiled_rows import IdsQuery
from core.listing.cards import card, choice_texts, texts
from core.listing.memo import per_data_version
from core.slug_urls import slug_url_maker
from core.templatetags.content_language import in_language

from .models import ClusterStatus, InitiatorKind, Specialisation

INITIATOR = gettext_noop("Inicjator")
ECOSYSTEM = gettext_noop("Ekosystem")
FOUNDED = gettext_noop("Założony")
MEMBERS = gettext_noop("Członków")
LATEST_ACTIVITY = gettext_noop("Ostatnia udokumentowana aktywność")
STATUS = gettext_noop("Aktywność według źródła")
WRITE = gettext_noop("Napisz do klastra")
OVER = gettext_noop("ponad")
UNDATED = gettext_noop("bez daty")
WORDS = (
    INITIATOR,
    ECOSYSTEM,
    FOUNDED,
    MEMBERS,
    LATEST_ACTIVITY,
    STATUS,
    WRITE,
    OVER,
    UNDATED,
)


@dataclass(frozen=True)
class CardSpecialisation:
    """What a card shows of a specialisation: its name (HTML, ``in_language``) and its page."""

    slug: str
    name_html: str
    position: int  # in the specialisations' order (sector, then name)
    url: str


def _specialisation_table():
    address = slug_url_maker("clusters:specialisation-detail")
    return {
        specialisation.pk: CardSpecialisation(
            specialisation.slug,
            in_language(specialisation, "name"),
            position,
            address(specialisation.slug),
        )
        for position, specialisation in enumerate(Specialisation.objects.all())
    }


def card_specialisation_table(version=None):
    """{pk: CardSpecialisation} of every specialisation, in the page's language: a few hundred
    rows, the same for every request until the data changes, so built once per data version
    (``core.listing.memo``) instead of a model instance per card row and request."""
    # the script prefix too: the table holds each specialisation's address
    key = ("card-specialisations", get_script_prefix())
    return per_data_version(key, _specialisation_table, version)


def card_specialisations(*row_lists, version=None):
    """For each list of rows (clusters or organisations): {pk of each row: [CardSpecialisation]
    in the specialisations' order}, from their ``specialisations`` through table, one query a
    list. A page showing clusters and organisations asks for both at once: one table between them
    even when it cannot be kept (no data version)."""
    table = None
    found_lists = []
    for rows in row_lists:
        found = {row.pk: [] for row in rows}
        found_lists.append(found)
        if not found:
            continue
        table = table or card_specialisation_table(version)
        pairs = _links(type(rows[0])).rows(list(found))
        if any(specialisation_pk not in table for _row, specialisation_pk in pairs):
            # written since the table was built, before the data version says so: read afresh
            table = _specialisation_table()
        for row_pk, specialisation_pk in pairs:
            found[row_pk].append(table[specialisation_pk])
        for specialisations in found.values():
            specialisations.sort(key=lambda specialisation: specialisation.position)
    return found_lists


_LINKS = {}


def _links(model):
    """The query of (row pk, specialisation pk) pairs of ``model``'s rows, compiled once."""
    query = _LINKS.get(model)
    if query is None:
        field = model._meta.get_field("specialisations")
        own, other = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
        through = field.remote_field.through
        query = _LINKS[model] = IdsQuery(
            lambda ids: through.objects.filter(**{f"{own}__in": ids}).values_list(own, other)
        )
    return query


def member_count(cluster, words):
    """The latest reported count with the year it describes, "103 (2019)", "ponad 40 (bez daty)"."""
    over = f"{words[OVER]} " if cluster.member_count_is_lower_bound else ""
    year = cluster.member_count_year or words[UNDATED]
    return f"{over}{cluster.member_count} ({year})"


class _Addresses:
    """The routes a cluster's card links to, each found once per list of cards (``slug_url``
    looks up the language, script prefix and URL configuration on every call: ~5 µs, four
    times a card)."""

    def __init__(self):
        self.cluster = slug_url_maker("clusters:detail")
        self.write = slug_url_maker("inbox:write")
        self.ecosystem = slug_url_maker("ecosystems:detail")


def cluster_card(cluster, specialisations, level, highlighted, addresses):
    """The card of ``cluster`` (``with_listing_data().with_member_count()`` and its latest evidence)
    and its ``specialisations`` (``card_specialisations``) with an ``h<level>`` title; the
    specialisations whose slugs are in ``highlighted`` come first. ``addresses``: ``_Addresses``."""
    words = texts(*WORDS)
    name = in_language(cluster, "name")
    rows = [
        (
            words[INITIATOR],
            choice_texts(InitiatorKind).get(cluster.initiator.kind, escape(cluster.initiator.kind)),
        )
    ]
    ecosystem = cluster.ecosystem
    if ecosystem:
        rows.append(
            (
                words[ECOSYSTEM],
                f'<a href="{escape(addresses.ecosystem(ecosystem.slug))}">'
                f"{in_language(ecosystem, 'name')}</a>",
            )
        )
    if cluster.founded_year:
        rows.append((words[FOUNDED], cluster.founded_year))
    if cluster.member_count is not None:
        rows.append((words[MEMBERS], member_count(cluster, words)))
    if cluster.latest_evidence_date:
        rows.append((words[LATEST_ACTIVITY], cluster.latest_evidence_date.year))
    if cluster.status_is_stated:
        rows.append(
            (words[STATUS], choice_texts(ClusterStatus).get(cluster.status, escape(cluster.status)))
        )
    action = (
        f'<p class="result-card__action"><a href="{escape(addresses.write(cluster.slug))}">'
        f'{words[WRITE]}<span class="visually-hidden"> {name}</span></a></p>'
    )
    url = addresses.cluster(cluster.slug)
    return card(cluster, url, name, level, rows, specialisations, highlighted, action)


def cluster_cards(clusters, level, highlighted=(), specialisations=None):
    """The cards of ``clusters``; ``specialisations``: theirs, when the page has read them
    (``card_specialisations``)."""
    clusters = list(clusters)
    if specialisations is None:
        (specialisations,) = card_specialisations(clusters)
    addresses = _Addresses()
    return "".join(
        cluster_card(cluster, specialisations[cluster.pk], level, highlighted or (), addresses)
        for cluster in clusters
    )
