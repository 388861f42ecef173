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
from core.listing.memo import per_data_version
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
    if not words or (SLUG.fullmatch(text) and text in public_cluster_ids_by_slug()):
        return by_slug
    columns = columns_for_matching(Cluster, ("name", "aliases"))
    return by_slug | every_word_starts_a_word(clusters, columns, words)


def cluster_ids_named(text):
    """``clusters_named(text)`` for a filter of rows related to them: a cluster's own slug (a
    profile's link) as its id, which the query then holds as a constant. Through a subquery
    PostgreSQL could not tell how many members the cluster has, guessed 150 for the biggest
    one's 5,602, and read and sorted them all rather than walking the organisations' name index
    (at scale the first page of its members took 87-91 ms in-process, now 24)."""
    found = public_cluster_ids_by_slug().get(text) if SLUG.fullmatch(text) else None
    return [found] if found is not None else clusters_named(text)


def public_cluster_ids_by_slug():
    """{slug: id} of the public clusters, read once per data version (a first request filters
    its rows and each facet's with the cluster; one entry per cluster, whatever visitors type)."""
    return per_data_version(
        ("public cluster ids by slug",),
        lambda: dict(Cluster.objects.public().values_list("slug", "pk")),
    )


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
        # a request filters its rows and each facet's: the clusters found once (a filter is the
        # FilterSet's own copy, made per request)
        if getattr(self, "_named", (None,))[0] != value:
            self._named = (value, cluster_ids_named(value))
        return rows_related_to(qs, "memberships__cluster", self._named[1])

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
