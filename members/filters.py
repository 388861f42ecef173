"""FilterSets of the member-organisation listing and of the organisations in the investor's search.

The queryset they filter must carry ``MemberOrganisation.objects.with_place()`` (the ``place`` filter
reads that annotation).
"""

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
from members.models import MemberOrganisation, OrganisationType, Place, Voivodeship


class OrganisationInvestorFilter(django_filters.FilterSet):
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
    cluster = django_filters.ModelChoiceFilter(
        label=_("Klaster"),
        queryset=Cluster.objects.public(),
        to_field_name="slug",
        method=lambda qs, name, value: rows_related_to(qs, "memberships__cluster", [value]),
        empty_label=_("wszystkie"),
    )
