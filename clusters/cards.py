"""A cluster's result card (the listing, the investor's search, a specialisation's page), written
in Python (``core.listing.cards`` says why).

What is known, compactly; what is not, named once (``Cluster.unknown_on_card``). Most clusters are
in no ecosystem: only the five that are say so (the profile says "poza ekosystemami").
"""

from django.utils.html import escape
from django.utils.translation import gettext_noop

from core.listing.cards import choice_texts, facts, gaps, specialisation_links, texts
from core.slug_urls import slug_url
from core.templatetags.content_language import in_language

from .models import ClusterStatus, InitiatorKind

INITIATOR = gettext_noop("Inicjator")
ECOSYSTEM = gettext_noop("Ekosystem")
FOUNDED = gettext_noop("Założony")
MEMBERS = gettext_noop("Członków")
LATEST_ACTIVITY = gettext_noop("Ostatnia udokumentowana aktywność")
STATUS = gettext_noop("Aktywność według źródła")
SPECIALISATIONS = gettext_noop("Specjalizacje")
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
    SPECIALISATIONS,
    WRITE,
    OVER,
    UNDATED,
)


def member_count(cluster, words):
    """The latest reported count with the year it describes, "103 (2019)", "ponad 40 (bez daty)"."""
    over = f"{words[OVER]} " if cluster.member_count_is_lower_bound else ""
    year = cluster.member_count_year or words[UNDATED]
    return f"{over}{cluster.member_count} ({year})"


def cluster_card(cluster, level, highlighted):
    """The card of ``cluster`` (``with_listing_data().with_member_count().with_latest_evidence()``)
    with an ``h<level>`` title; the specialisations whose slugs are in ``highlighted`` come first."""
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
                f'<a href="{escape(ecosystem.get_absolute_url())}">'
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
    specialisations = cluster.specialisations.all()
    if specialisations:
        rows.append((words[SPECIALISATIONS], specialisation_links(specialisations, highlighted)))
    return (
        f'<li class="result-card">'
        f'<h{level} class="result-card__title">'
        f'<a href="{escape(cluster.get_absolute_url())}">{name}</a></h{level}>'
        f'<dl class="card-facts">{facts(rows)}{gaps(cluster.unknown_on_card())}</dl>'
        f'<p class="result-card__action"><a href="{escape(slug_url("inbox:write", cluster.slug))}">'
        f'{words[WRITE]}<span class="visually-hidden"> {name}</span></a></p>'
        f"</li>\n"
    )


def cluster_cards(clusters, level, highlighted=()):
    return "".join(cluster_card(cluster, level, highlighted or ()) for cluster in clusters)
