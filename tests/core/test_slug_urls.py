"""core.slug_urls gives what reverse() gives, in every language, for any slug."""

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from core.slug_urls import slug_url, slug_url_maker


@pytest.mark.parametrize("language", ["pl", "en"])
@pytest.mark.parametrize(
    "name", ["clusters:detail", "members:detail", "ecosystems:detail", "inbox:write"]
)
def test_the_same_address_as_reverse(name, language):
    with translation.override(language):
        for slug in ("klaster-medyczny", "a_b-1", "x"):
            assert slug_url(name, slug) == reverse(name, kwargs={"slug": slug})


def test_the_language_of_the_page_decides():
    with translation.override("pl"):
        assert slug_url("clusters:detail", "abc") == "/klastry/abc/"
    with translation.override("en"):
        assert slug_url("clusters:detail", "abc") == "/en/clusters/abc/"


def test_a_slug_the_route_does_not_accept_fails_as_with_reverse():
    with pytest.raises(NoReverseMatch):
        slug_url("clusters:detail", "zażółć/gęślą")


@pytest.mark.parametrize("language", ["pl", "en"])
def test_a_maker_gives_what_reverse_gives_for_each_row(language):
    with translation.override(language):
        address = slug_url_maker("members:detail")
        for slug in ("firma-a", "b_2", "x"):
            assert address(slug) == reverse("members:detail", kwargs={"slug": slug})
        with pytest.raises(NoReverseMatch):
            address("zażółć/gęślą")
