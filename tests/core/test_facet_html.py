"""A listing's facets as facet_html writes them: groups, the count chosen in a group, a hint and
errors tied to their filter (the markup the facet partial wrote inside ``{% spaceless %}``)."""

import re

import pytest
from django.urls import reverse

from tests.factories import ClusterFactory, SectorFactory, SpecialisationFactory

pytestmark = pytest.mark.django_db


def test_a_chosen_specialisation_opens_its_sector_and_is_counted(client):
    health = SectorFactory(name="Zdrowie")
    chosen = SpecialisationFactory(name="E-zdrowie", slug="e-zdrowie", sector=health)
    other = SpecialisationFactory(name="Fotonika", slug="fotonika", sector=SectorFactory())
    cluster = ClusterFactory()
    cluster.specialisations.add(chosen, other)

    html = client.get(reverse("clusters:list"), {"specialisation": "e-zdrowie"}).text

    assert (
        '<details class="filter-subgroup" open><summary>Zdrowie <span '
        'class="filter-subgroup__chosen">(wybrane: 1)</span></summary><fieldset>'
        '<legend class="visually-hidden">Specjalizacja: Zdrowie</legend>'
        '<div class="filter-options"><label><input type="checkbox" name="specialisation" '
        'value="e-zdrowie" checked>E-zdrowie (1)</label></div></fieldset></details>'
    ) in html
    # the other sector stays closed, nothing chosen in it
    assert re.search(r'<details class="filter-subgroup"><summary>Sektor \d+</summary>', html)


def test_an_unknown_value_is_reported_at_its_filter(client):
    ClusterFactory()

    html = client.get(reverse("clusters:list"), {"specialisation": "nie-ma", "country": "ZZ"}).text

    assert re.search(
        r'<fieldset class="filter-group" id="id_specialisation" '
        r'aria-describedby="(id_specialisation_hint)? id_specialisation_error">',
        html,
    )
    assert '<ul class="errorlist" id="id_specialisation_error"><li>' in html
    assert (
        '<select name="country" id="id_country" aria-invalid="true" '
        'aria-describedby="id_country_error"><option value="">wszystkie</option>'
    ) in html
