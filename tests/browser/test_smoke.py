import pytest
from django.urls import reverse

pytestmark = pytest.mark.browser


def test_home_page_opens_in_chromium(page, live_server, transactional_db):
    page.goto(live_server.url + reverse("clusters:home"))
    assert page.title().endswith("Klastry Lubelskie")
