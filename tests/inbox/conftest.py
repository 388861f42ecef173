import re

import pytest

from tests import factories


@pytest.fixture
def cluster(db):
    return factories.ClusterFactory(name="Klaster Alfa", slug="klaster-alfa")


@pytest.fixture
def office(cluster):
    user = factories.office_user("biuro-alfa", clusters=[cluster])
    user.email = "biuro@alfa.example"
    user.save()
    return user


@pytest.fixture
def no_wait(settings):
    """Tests that send a form at once, as no person could, lift the minimum fill time."""
    settings.INBOX_MIN_FILL_SECONDS = 0


def started_token(client, url):
    """The signed start time the form page hands out, as a browser would send it back."""
    page = client.get(url).content.decode()
    return re.search(r'name="started" value="([^"]+)"', page).group(1)


def message_data(**overrides):
    return {
        "name": "Anna Inwestorka",
        "email": "anna@inwestor.example",
        "organisation": "Inwestor sp. z o.o.",
        "topic": "investment",
        "body": "Szukamy partnera w branży medycznej.",
        "consent": "on",
        **overrides,
    }


def correction_data(**overrides):
    return {
        "what_is_wrong": "Rok założenia jest inny.",
        "proposed_value": "2011",
        "source_url": "https://example.com/sprawozdanie-2011",
        "email": "dziennikarz@gazeta.example",
        **overrides,
    }
