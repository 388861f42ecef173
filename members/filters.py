"""FilterSets of the member-organisation listing and of the organisations in the investor's search.

The queryset they filter must carry ``MemberOrganisation.objects.with_place()`` (the ``place`` filter
reads that annotation).
"""

import re

import django_filters
from django.utils.translation import gettext_lazy as _

from clusters.filters import (
    SpecialisationFilter,
    checkbox_filter,
    ecosystem_filter,
    match_filter,
    rows_related_to,
    text_filter,
)
from clusters.models import Cluster
from core.db_functions import every_word_starts_a_word
from core.languages import columns_for_matching
from core.listing.filtersets import ListingFilterSet
from core.text import MAX_QUERY_LENGTH, clean_query, query_words
from members.models import MemberOrganisation, OrganisationType, Place, Voivodeship

SLUG = re.compile(r"[-a-z0-9_]+")


def clusters_named(text):
    """The public clusters ``text`` names: the one whose slug it is (a link from a cluster's
    page), else those whose name or alias has every word of it at the start of a word (as the
    listing's text filter matches), case and diacritics ignored.

    A slug some cluster has is asked alone: or'ed with the words' match, it made PostgreSQL test
    every cluster's unaccented names against each word of the slug (2,000 clusters: 40 ms of a
    48 ms page of a cluster's members, the link of its profile)."""
    clusters = Cluster.objects.public()
    by_slug = clusters.filter(slug=text)
    words = query_words(clean_query(text))
    if not words or (SLUG.fullmatch(text) and by_slug.exists()):
        return by_slug
    columns = columns_for_matching(Cluster, ("name", "aliases"))
    return by_slug | every_word_starts_a_word(clusters, columns, words)


class ClusterNameFilter(django_filters.CharFilter):
    """Organisations of the clusters a typed name matches (or of the cluster a slug names).

    A text field, not a list of every cluster: a catalogue of thousands would send them all with
    every page. The page offers the names in a <datalist> while they are few (CLUSTER_HINTS).
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Klaster"))
        kwargs.setdefault("max_length", MAX_QUERY_LENGTH)
        kwargs.setdefault("help_text", _("Nazwa lub jej początek, np. „medycyna” albo „lotniczy”."))
        super().__init__(**kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return rows_related_to(qs, "memberships__cluster", clusters_named(value))

    def describe(self, value):
        """The chip's text: the cluster's name for a slug, else what was typed."""
        cluster = Cluster.objects.public().filter(slug=value).first()
        return cluster.name if cluster else value


class OrganisationInvestorFilter(ListingFilterSet):
    """What the investor's search asks of organisations: specialisations, type, ecosystem, place."""

    specialisation = SpecialisationFilter()
    match = match_filter()
    type = checkbox_filter(
        _("Rodzaj organizacji"), OrganisationType, field_name="organisation_type"
    )
    # through a membership visitors see: an unpublished cluster's ecosystem is not the organisation's
    ecosystem = ecosystem_filter(
        "memberships__cluster__ecosystem", memberships__cluster__published=True
    )
    place = checkbox_filter(_("Miejsce działania"), Place)

    class Meta:
        model = MemberOrganisation
        fields = []


class OrganisationFilter(OrganisationInvestorFilter):
    q = text_filter(
        _("Nazwa, miejscowość lub opis zawiera"), ("name", "aliases", "city", "description")
    )
    voivodeship = django_filters.ChoiceFilter(
        label=_("Województwo"), choices=Voivodeship.choices, empty_label=_("wszystkie")
    )
    cluster = ClusterNameFilter()
