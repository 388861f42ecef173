import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_search_term_keeps_polish_letters_and_loses_control_characters(client):
    response = client.get(reverse("clusters:search"), {"q": "Łó\x00dź\x85 \ufffeżywność"})

    assert response.status_code == 200
    assert response.context["search_query"] == "Łódź żywność"
    assert "Łódź żywność" in response.content.decode()


def test_a_filter_value_works_once_its_control_characters_are_gone(client, real_data):
    clean = client.get(reverse("clusters:list"), {"initiator_kind": "marshal"})
    garbled = client.get(reverse("clusters:list"), {"initiator_kind": "mar\x01shal\x7f"})

    assert garbled.status_code == clean.status_code == 200
    assert garbled.context["result_count"] == clean.context["result_count"] == 3
