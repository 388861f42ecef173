"""An organisation's result card (the listing, the investor's search, a specialisation's page),
written in Python (``core.listing.cards`` says why)."""

import heapq
from html import escape
from typing import NamedTuple

from django.conf import settings
from django.db.models import CharField, ExpressionWrapper, F
from django.utils.translation import get_language, gettext, gettext_noop

from clusters.cards import card_specialisations
from clusters.models import Cluster
from core.compiled_rows import IdsQuery
from core.languages import column, localized
from core.listing.cards import card, choice_texts, texts
from core.slug_urls import slug_url_maker
from core.templatetags.cards import CARD_LIST_LENGTH, Shortlist
from core.templatetags.content_language import in_language, row_namer
from core.text import polish_sort_key

from .models import Membership, MembershipRole, OrganisationType

KIND = gettext_noop("Rodzaj")
TOWN = gettext_noop("Miejscowość")
CLUSTERS = gettext_noop("Klastry (rola)")
WORDS = (KIND, TOWN, CLUSTERS)


class CardCluster(NamedTuple):
    """What an organisation's card shows of one of its clusters."""

    slug: str
    name: str  # as the page's language shows it (core.languages.localized)
    name_html: str  # the same, marked lang="pl" when it falls back to Polish (row_namer)
    url: str


def _memberships(ids):
    """(organisation id, cluster slug, cluster name, role[, the name in the page's language only])
    of the public memberships of the organisations ``ids``."""
    language = get_language() or settings.LANGUAGE_CODE
    memberships = (
        Membership.objects.public()
        .filter(organisation_id__in=ids)
        .annotate(cluster_name=ExpressionWrapper(localized("cluster__name"), CharField()))
        # within one organisation and cluster, the default ordering is the role's
        .order_by("role")
        .values_list("organisation_id", "cluster__slug", "cluster_name", "role")
    )
    if language != settings.LANGUAGE_CODE:
        memberships = memberships.annotate(
            cluster_own_name=F(f"cluster__{column(Cluster, 'name', language)}")
        ).values_list(
            "organisation_id", "cluster__slug", "cluster_name", "role", "cluster_own_name"
        )
    return memberships


# compiled once per language and number of organisations (core.compiled_rows)
_MEMBERSHIPS = IdsQuery(_memberships)


def card_memberships(organisations):
    """{pk of each organisation: a ``Shortlist`` of (CardCluster, [role labels])}: its first
    ``CARD_LIST_LENGTH`` public clusters in the Polish order of their names, each with its roles
    (``members.grouping.roles_by``'s rows), and how many more it has, from one query of values.

    A card names a few, as it does specialisations: the generated organisations in 200-250
    clusters made a card of 25 KB and a page of them 118 KB. Only the clusters a card shows
    become ``CardCluster``s with their addresses and names (a page of such cards spent 50 ms on
    all of them)."""
    found = {organisation.pk: {} for organisation in organisations}
    if not found:
        return {}
    for organisation_id, slug, name, role, *own in _MEMBERSHIPS.rows(list(found)):
        clusters = found[organisation_id]
        cluster = clusters.get(slug)
        if cluster is None:
            # ``name`` is the Polish one wherever the page's own is missing
            cluster = clusters[slug] = (name, own[0] if own else None, [])
        cluster[2].append(role)
    labels = {value: str(label) for value, label in MembershipRole.choices}
    address = slug_url_maker("clusters:detail")
    named = row_namer()

    def shortlist(clusters):
        first = heapq.nsmallest(
            CARD_LIST_LENGTH, clusters.items(), key=lambda item: polish_sort_key(item[1][0])
        )
        shown = [
            (
                CardCluster(slug, name, named(own, name)[1], address(slug)),
                [labels.get(role, role) for role in roles],
            )
            for slug, (name, own, roles) in first
        ]
        return Shortlist(shown, len(clusters) - len(shown))

    return {pk: shortlist(clusters) for pk, clusters in found.items()}


def cluster_roles(clusters):
    """Each cluster a card shows (linked) with the organisation's roles in it, and how many more
    it has: "Klaster A (członek); Klaster B (koordynator, członek) i jeszcze 3"."""
    html = "; ".join(
        f'<a href="{escape(cluster.url)}">{cluster.name_html}</a>'
        f" ({', '.join(escape(role) for role in roles)})"
        for cluster, roles in clusters.shown
    )
    if clusters.more:
        html += " " + escape(gettext("i jeszcze %(n)s") % {"n": clusters.more})
    return html


def organisation_card(organisation, clusters, specialisations, level, highlighted, address):
    """The card of ``organisation`` (``with_listing_data().with_place()``), ``clusters`` its
    ``Shortlist`` of (cluster, [role labels]) (``card_memberships``), ``specialisations`` its
    (``clusters.cards.card_specialisations``), with an ``h<level>`` title; ``address``: the
    organisations' ``slug_url_maker``, found once per list of cards."""
    words = texts(*WORDS)
    rows = []
    if organisation.organisation_type:
        kind = organisation.organisation_type
        rows.append((words[KIND], choice_texts(OrganisationType).get(kind, escape(kind))))
    if organisation.city:
        rows.append((words[TOWN], escape(organisation.city)))
    if clusters.shown:
        rows.append((words[CLUSTERS], cluster_roles(clusters)))
    name = in_language(organisation, "name")
    url = address(organisation.slug)
    return card(organisation, url, name, level, rows, specialisations, highlighted)


def organisation_cards(rows, level, highlighted=(), specialisations=None):
    """The cards of ``rows``: (organisation, its clusters' ``Shortlist``); ``specialisations``:
    theirs, when the page has read them (``clusters.cards.card_specialisations``)."""
    rows = list(rows)
    if specialisations is None:
        (specialisations,) = card_specialisations([organisation for organisation, _c in rows])
    address = slug_url_maker("members:detail")
    return "".join(
        organisation_card(
            organisation,
            clusters,
            specialisations[organisation.pk],
            level,
            highlighted or (),
            address,
        )
        for organisation, clusters in rows
    )
