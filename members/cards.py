"""An organisation's result card (the listing, the investor's search, a specialisation's page),
written in Python (``core.listing.cards`` says why)."""

from django.utils.html import escape
from django.utils.translation import gettext_noop

from clusters.cards import card_specialisations
from core.listing.cards import choice_texts, facts, gaps, specialisation_links, texts
from core.templatetags.content_language import in_language

from .models import OrganisationType

KIND = gettext_noop("Rodzaj")
TOWN = gettext_noop("Miejscowość")
CLUSTERS = gettext_noop("Klastry (rola)")
SPECIALISATIONS = gettext_noop("Specjalizacje")
WORDS = (KIND, TOWN, CLUSTERS, SPECIALISATIONS)


def cluster_roles(clusters):
    """Each cluster (linked) with the organisation's roles in it: "Klaster A (członek); Klaster B
    (koordynator, członek)"."""
    return "; ".join(
        f'<a href="{escape(cluster.get_absolute_url())}">{in_language(cluster, "name")}</a>'
        f" ({', '.join(escape(role) for role in roles)})"
        for cluster, roles in clusters
    )


def organisation_card(organisation, clusters, specialisations, level, highlighted):
    """The card of ``organisation`` (``with_listing_data().with_place()``), ``clusters`` its
    [(cluster, [role labels])] (``members.grouping.roles_by``), ``specialisations`` its
    (``clusters.cards.card_specialisations``), with an ``h<level>`` title."""
    words = texts(*WORDS)
    rows = []
    if organisation.organisation_type:
        kind = organisation.organisation_type
        rows.append((words[KIND], choice_texts(OrganisationType).get(kind, escape(kind))))
    if organisation.city:
        rows.append((words[TOWN], escape(organisation.city)))
    if clusters:
        rows.append((words[CLUSTERS], cluster_roles(clusters)))
    if specialisations:
        rows.append((words[SPECIALISATIONS], specialisation_links(specialisations, highlighted)))
    return (
        f'<li class="result-card">'
        f'<h{level} class="result-card__title">'
        f'<a href="{escape(organisation.get_absolute_url())}">{in_language(organisation, "name")}'
        f"</a></h{level}>"
        f'<dl class="card-facts">{facts(rows)}{gaps(organisation.unknown_on_card(specialisations))}</dl>'
        f"</li>\n"
    )


def organisation_cards(rows, level, highlighted=(), specialisations=None):
    """The cards of ``rows``: (organisation, its [(cluster, [role labels])]); ``specialisations``:
    theirs, when the page has read them (``clusters.cards.card_specialisations``)."""
    rows = list(rows)
    if specialisations is None:
        (specialisations,) = card_specialisations([organisation for organisation, _c in rows])
    return "".join(
        organisation_card(
            organisation, clusters, specialisations[organisation.pk], level, highlighted or ()
        )
        for organisation, clusters in rows
    )
