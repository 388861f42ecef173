"""/o-katalogu/: what the directory is and its method, the seed's shares recomputed, licence,
corrections; and the footer that links it and the statistics from every page."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import ClusterFactory
from tests.page_text import links, visible_text

pytestmark = pytest.mark.django_db

URL = reverse("about")


def test_the_seeds_printed_shares_are_shown_beside_the_shares_its_counts_give(client):
    text = visible_text(client.get(URL))
    assert "w województwie lubelskim: 153 z 184 88% 83%" in text
    assert "w Lublinie: 117 z 184 67% 64%" in text
    assert "procentów z prezentacji nie używa" in text


def test_the_page_states_sources_checking_licence_and_how_to_correct(client):
    ClusterFactory.create_batch(2)
    ClusterFactory(published=False)
    response = client.get(URL)
    text = visible_text(response)
    assert "Liczba klastrów w katalogu: 2." in text
    assert "„Dane sprawdzone”" in text
    assert "Creative Commons Uznanie autorstwa 4.0 (CC BY 4.0)" in text
    assert "To wybór redakcji katalogu." in text
    assert links(response)["Treść licencji CC BY 4.0"].startswith(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    assert "Jak zgłosić poprawkę" in text


def test_the_editors_address_is_given_when_it_is_configured(client, settings):
    settings.EDITORS_EMAIL = []
    assert "mailto:" not in client.get(URL).content.decode()
    settings.EDITORS_EMAIL = ["redakcja@example.org"]
    assert links(client.get(URL))["redakcja@example.org"] == "mailto:redakcja@example.org"


def test_about_costs_one_query(client, django_assert_max_num_queries):
    ClusterFactory.create_batch(5)
    with django_assert_max_num_queries(1):
        assert client.get(URL).status_code == 200


@pytest.mark.parametrize("name", ["clusters:home", "clusters:list", "about"])
def test_every_page_links_the_about_page_and_the_statistics_in_its_footer(client, name):
    page_links = links(client.get(reverse(name)))
    assert page_links["O katalogu"] == URL
    assert page_links["Klastry w liczbach"] == reverse("statistics")


def test_the_checking_dates_come_from_the_profiles(client):
    ClusterFactory(data_checked=datetime.date(2026, 11, 29))
    ClusterFactory(data_checked=datetime.date(2025, 3, 1))
    ClusterFactory()
    text = visible_text(client.get(URL))
    assert "Profile porównano ze źródłami między 01.03.2025 a 29.11.2026." in text
    assert "Jeszcze niesprawdzonych profili: 1." in text


def test_a_single_checking_date_is_said_once(client, real_data):
    text = visible_text(client.get(URL))
    assert "Wszystkie sprawdzone profile porównano ze źródłami 29.11.2026." in text
    assert "niesprawdzonych" not in text
