"""Hostile input: whatever a visitor (or a bot) sends, the site answers without a server error.

Hypothesis sends random and malformed query strings and paths to every public URL and to the
search; explicit cases cover what attackers actually try. Every answer must be below 500,
and every HTML answer must be well-formed: it parses with html5lib's strict HTML5 parser, which
raises on the first parse error (a stray end tag, a duplicate attribute, text before the doctype).

The runs are derandomized, so CI sees the same examples every time; `make test` prints how many
ran (`--hypothesis-show-statistics`).
"""

import csv
import io
import string
from urllib.parse import quote, quote_from_bytes, urlencode
from xml.etree import ElementTree

import html5lib
import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clusters.models import Cluster, Specialisation
from ecosystems.models import Ecosystem
from inbox.models import Correction, Message
from members.models import MemberOrganisation

# The filter keys of every listing (and a few that no listing knows).
FILTER_KEYS = [
    "q",
    "specialisation",
    "ecosystem",
    "initiator_kind",
    "status",
    "form",
    "country",
    "founded_min",
    "founded_max",
    "sort",
    "page",
    "type",
    "voivodeship",
    "place",
    "cluster",
]

# Public pages without a variable part, by URL name.
FIXED_PAGES = [
    "clusters:home",
    "clusters:list",
    "clusters:export",
    "clusters:specialisation-list",
    "clusters:specialisation-export",
    "clusters:country-list",
    "clusters:search",
    "ecosystems:list",
    "members:list",
    "members:export",
    "sitemap",
    "robots",
    "healthz",
    "about",
    "statistics",
    "inbox:correction-sent",
    "inbox:privacy",
]
# Profile pages: the model whose slug fills the URL.
PROFILE_PAGES = {
    "clusters:detail": Cluster,
    "clusters:specialisation-detail": Specialisation,
    "ecosystems:detail": Ecosystem,
    "members:detail": MemberOrganisation,
    "inbox:write": Cluster,
    "inbox:message-sent": Cluster,
    "inbox:correct-cluster": Cluster,
    "inbox:correct-organisation": MemberOrganisation,
}
# Other pages with a variable part: their arguments.
ARGUMENT_PAGES = {"sitemap-section": {"section": "organisations"}}
# The visitors' forms (inbox): the only public pages that take a POST.
POST_FORMS = {"inbox:write", "inbox:correct-cluster", "inbox:correct-organisation"}
# Prefixes under which random path segments are tried.
PREFIXES = [
    "/",
    "/klastry/",
    "/specjalizacje/",
    "/kraje/",
    "/szukaj/",
    "/ekosystemy/",
    "/czlonkowie/",
    "/o-katalogu/",
    "/klastry-w-liczbach/",
    "/poprawka/",
    "/ochrona-danych/",
    # the English edition: the same views under English paths
    "/en/",
    "/en/clusters/",
    "/en/specialisations/",
    "/en/countries/",
    "/en/search/",
    "/en/ecosystems/",
    "/en/organisations/",
]
# URL names outside the public site (the admin is covered by its own tests).
NOT_PUBLIC_NAMESPACES = {"admin"}

HYPOTHESIS = settings(
    max_examples=400,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# -- What every answer must satisfy ---------------------------------------------------------------


def body_of(response) -> bytes:
    """The whole body; a streamed CSV is consumed, so an error while streaming surfaces here."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def html_parse_errors(body: bytes, encoding: str):
    """html5lib's parse errors as (line, column, code, details), every one, in document order."""
    parser = html5lib.HTMLParser(namespaceHTMLElements=False)
    parser.parse(body, transport_encoding=encoding)
    return [(line, column, code, data) for (line, column), code, data in parser.errors]


def assert_well_formed_html(body: bytes, encoding: str):
    """What html5lib's strict mode checks (it stops at the first parse error), with every error
    reported and the line shown."""
    errors = html_parse_errors(body, encoding)
    if errors:
        lines = body.decode(encoding, "replace").splitlines()
        report = [
            f"line {line}, column {column}: {code} {data or ''}\n    {lines[line - 1][:300]!r}"
            for line, column, code, data in errors[:5]
        ]
        pytest.fail("malformed HTML:\n" + "\n".join(report))


def assert_sound(response) -> bytes:
    """No server error, and a body that parses as what its Content-Type says it is."""
    assert response.status_code < 500, response.status_code
    body = body_of(response)
    content_type = response.headers.get("Content-Type", "")
    if not body:
        return body
    if content_type.startswith("text/html"):
        assert_well_formed_html(body, response.charset or "utf-8")
    elif content_type.startswith(("application/xml", "text/xml")):
        ElementTree.fromstring(body)  # noqa: S314 (our own server's output, not foreign XML)
    elif content_type.startswith("text/csv"):
        list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    return body


# -- The public URLs ------------------------------------------------------------------------------


def public_url_names(resolver=None, namespace=""):
    """Every named URL of the site outside the admin, walked from the URLconf."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in NOT_PUBLIC_NAMESPACES:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from public_url_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


@pytest.fixture
def public_paths(real_data):
    """URL name -> path, with the profile pages filled by a real row's slug."""
    paths = {name: reverse(name) for name in FIXED_PAGES}
    for name, model in PROFILE_PAGES.items():
        paths[name] = reverse(name, kwargs={"slug": model.objects.order_by("pk").first().slug})
    for name, kwargs in ARGUMENT_PAGES.items():
        paths[name] = reverse(name, kwargs=kwargs)
    return paths


URL_NAMES = FIXED_PAGES + list(PROFILE_PAGES) + list(ARGUMENT_PAGES)


def test_every_public_url_of_the_urlconf_is_exercised_here():
    """A new public page must join FIXED_PAGES or PROFILE_PAGES, so that it is attacked too."""
    assert set(public_url_names()) <= set(URL_NAMES)


# -- Strategies -----------------------------------------------------------------------------------

plausible_values = st.sampled_from(
    [
        "",
        "0",
        "1",
        "-1",
        "2023",
        "1e9",
        "NaN",
        "PL",
        "ZZ",
        "lublin",
        "region",
        "active",
        "city",
        "agreement",
        "enterprise",
        "lubelskie",
        "name",
        "-name",
        "klaster-lubelska-medycyna",
        "e-zdrowie",
        "lubelska-wyzyna-medyczna",
        str(10**30),
    ]
)
values = st.one_of(
    plausible_values,
    st.text(max_size=40),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
)
keys = st.one_of(st.sampled_from(FILTER_KEYS), st.text(max_size=12))
encoded_queries = st.lists(st.tuples(keys, values), max_size=6).map(urlencode)
# What a raw socket can send: any bytes, as WSGI hands them over (latin-1 decoded), and text
# built from the characters that confuse query parsers.
raw_queries = st.one_of(
    st.binary(max_size=120).map(lambda raw: raw.decode("latin-1")),
    st.text(alphabet="%&=+;?#[]\\0aZ\x00", max_size=60),
)
query_strings = st.one_of(encoded_queries, raw_queries)
path_segments = st.one_of(
    st.text(max_size=40).map(lambda text: quote(text, safe="")),
    st.binary(min_size=1, max_size=40).map(lambda raw: quote_from_bytes(raw, safe="")),
    st.text(alphabet=string.ascii_lowercase + string.digits + "-_.~", min_size=1, max_size=40),
)


# -- Properties -----------------------------------------------------------------------------------


@pytest.mark.slow
@HYPOTHESIS
@given(name=st.sampled_from(URL_NAMES), query=query_strings)
def test_random_query_strings_never_break_a_public_page(client, public_paths, name, query):
    assert_sound(client.get(public_paths[name], QUERY_STRING=query))


@pytest.mark.slow
@HYPOTHESIS
@given(
    prefix=st.sampled_from(PREFIXES),
    segments=st.lists(path_segments, min_size=1, max_size=3),
    trailing_slash=st.booleans(),
)
def test_random_paths_under_public_prefixes_never_break(
    client, real_data, prefix, segments, trailing_slash
):
    path = prefix + "/".join(segments) + ("/" if trailing_slash else "")
    assert_sound(client.get(path))


@pytest.mark.slow
@HYPOTHESIS
@given(term=st.text(max_size=80))
def test_any_search_term_gives_a_sound_page(client, public_paths, term):
    assert_sound(client.get(public_paths["clusters:search"], {"q": term}))


@pytest.mark.slow
@HYPOTHESIS
@given(before=st.text(max_size=20), payload=st.text(alphabet=string.printable, max_size=20))
def test_markup_in_a_search_term_never_comes_back_as_markup(client, public_paths, before, payload):
    term = f"{before}<script>{payload}</script>"
    body = assert_sound(client.get(public_paths["clusters:search"], {"q": term}))
    assert b"<script>" not in body


# -- Explicit cases -------------------------------------------------------------------------------

HOSTILE_VALUES = {
    "10000-characters": "x" * 10_000,
    "nul-byte": "a\x00b",
    "sql-or": "' OR 1=1 --",
    "sql-drop": "1; DROP TABLE clusters_cluster; --",
    "sql-quote": '" OR ""="',
    "script": "<script>alert(1)</script>",
    "unicode": "𝕳𝖊𝖑𝖑𝖔 😀 \u202eZAŻÓŁĆ\u0301\ufeff\u200b ﷽",
    "negative": "-1",
    "huge-number": str(10**30),
    "float": "1.5",
    "empty": "",
}


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writing_methods_to_public_pages_are_refused(client, public_paths, method):
    """The public site is read-only but for the visitors' forms: no other view takes a body, so a
    write gets 405 before any body is read (one request per page and method says as much as a
    thousand random bodies). A form takes a POST and answers this one, which is not a filled form,
    with its errors (400), storing nothing; it refuses the other writing methods too."""
    send = getattr(client, method)
    accepted = {}
    for name, path in public_paths.items():
        response = send(path, "q=x&page=2", "application/x-www-form-urlencoded")
        assert_sound(response)
        expected = 400 if (method == "post" and name in POST_FORMS) else 405
        if response.status_code != expected or (
            expected == 405 and "GET" not in response.get("Allow", "")
        ):
            accepted[name] = response.status_code
    assert not accepted, f"{method.upper()} not answered as expected by: {accepted}"
    assert not Message.objects.exists()
    assert not Correction.objects.exists()


@pytest.mark.parametrize("charset", ["iso-8859-2", "utf8", "utf-16"])
def test_a_form_body_not_in_utf_8_is_a_400_page_on_every_public_url(public_paths, charset):
    """Django refuses a form body that says it is not UTF-8; its CSRF check (and its own 400
    handler's) read the form again, and the server answered a bare 500 (config.views.bad_request).
    A CSRF cookie is all it takes: no page need be fetched first."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.cookies["csrftoken"] = "a" * 32
    for name, path in public_paths.items():
        response = client.post(
            path, b"a=1", content_type=f"application/x-www-form-urlencoded; charset={charset}"
        )
        assert_sound(response)
        assert response.status_code == 400, (name, response.status_code)
        assert "<h1>Nieprawidłowe żądanie</h1>" in response.content.decode(), name


def test_a_host_not_allowed_is_a_400_page(client):
    """The 400 page is rendered without the request: the site's head names the canonical URL
    from the Host header, which is what was refused."""
    client = Client(raise_request_exception=False)
    response = client.get("/", headers={"host": "evil.example"})
    assert response.status_code == 400
    assert "<h1>Nieprawidłowe żądanie</h1>" in response.content.decode()


@pytest.mark.parametrize("value", HOSTILE_VALUES.values(), ids=HOSTILE_VALUES.keys())
def test_hostile_values_in_every_field_of_the_visitors_forms(client, public_paths, value):
    """Whatever a visitor types, a form answers with its errors or a thank-you, never a 5xx."""
    fields = ["name", "email", "organisation", "topic", "body", "consent", "started", "homepage"]
    fields += ["what_is_wrong", "proposed_value", "source_url"]
    for name in POST_FORMS:
        response = client.post(public_paths[name], dict.fromkeys(fields, value))
        assert_sound(response)
        assert response.status_code in (302, 400), (name, response.status_code)
    assert not Message.objects.exists()  # no valid start time: nothing gets through


@pytest.mark.parametrize("value", HOSTILE_VALUES.values(), ids=HOSTILE_VALUES.keys())
def test_hostile_value_in_every_filter_of_every_public_page(client, public_paths, value):
    clusters_before = Cluster.objects.count()
    query = urlencode(dict.fromkeys(FILTER_KEYS, value))
    for path in public_paths.values():
        assert_sound(client.get(f"{path}?{query}"))
        assert_sound(client.get(path, {"q": value}))
    assert Cluster.objects.count() == clusters_before


@pytest.mark.parametrize("value", HOSTILE_VALUES.values(), ids=HOSTILE_VALUES.keys())
def test_hostile_value_as_a_path_segment(client, real_data, value):
    segment = quote(value, safe="") or "%20"
    for prefix in PREFIXES:
        assert_sound(client.get(f"{prefix}{segment}/"))


@pytest.mark.parametrize(
    "query",
    [
        "page=-1",
        "page=0",
        f"page={10**30}",
        "page=abc",
        "page=1&page=2",
        "page=last",
        "founded_min=2100&founded_max=1900",
        f"founded_min={10**30}",
        "country=ZZ",
        "specialisation=does-not-exist",
        "q=%00",
        "q=%ED%A0%80",  # a UTF-16 surrogate, invalid in UTF-8
        "q=%FF%FE%FD",
        "q=%",
        "q=%zz",
        "&&&==&=",
        "q",
    ],
)
def test_malformed_query_on_every_public_page(client, public_paths, query):
    for path in public_paths.values():
        assert_sound(client.get(path, QUERY_STRING=query))


@pytest.mark.parametrize("path", ["/%00", "/klastry/%00/", "/czlonkowie/a%00b/", "/szukaj/%00"])
def test_nul_byte_in_a_path(client, real_data, path):
    assert_sound(client.get(path))


@pytest.mark.parametrize("name", ["clusters:search", "clusters:list", "members:list"])
def test_script_in_a_search_term_comes_back_escaped(client, public_paths, name):
    body = assert_sound(client.get(public_paths[name], {"q": "<script>alert(1)</script>"}))
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert b"<script>alert(1)" not in body


# -- Characters no page may carry (config.input_hygiene strips them from query strings) ----------

CONTROL_CHARACTERS = "\x00\x01\x1b\x7f\x85\x9f\ufdd0\ufffe"


def test_control_characters_sent_in_a_query_never_reach_the_page(client, public_paths):
    echoed = []
    for path in public_paths.values():
        for key in FILTER_KEYS:
            response = client.get(path, {key: f"x{CONTROL_CHARACTERS}y"})
            if not response.headers.get("Content-Type", "").startswith("text/html"):
                break
            codes = {error[2] for error in html_parse_errors(body_of(response), response.charset)}
            if "invalid-codepoint" in codes:
                echoed.append(f"{path}?{key}=")
    assert not echoed, "control characters come back in: " + ", ".join(echoed)
