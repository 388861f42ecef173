"""Security of the served site: headers and CSP, cookies, CSRF, login lockout, check --deploy,
and no personal data beyond a cluster's public contact details."""

import os
import subprocess
import sys
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from clusters.models import Cluster, Specialisation
from ecosystems.models import Ecosystem
from members.models import MemberOrganisation
from tests import factories

ROOT = Path(__file__).resolve().parent.parent
LOCKOUT_TEXT = "Logowanie tymczasowo zablokowane"


class _Elements(HTMLParser):
    """Every start tag of a page with its attributes, plus whether it had content (for <script>)."""

    def __init__(self):
        super().__init__()
        self.tags = []
        self._open_script = None

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, "attrs": dict(attrs), "text": ""}
        self.tags.append(element)
        if tag in {"script", "style"}:
            self._open_script = element

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self._open_script = None

    def handle_data(self, data):
        if self._open_script is not None:
            self._open_script["text"] += data


def elements(response):
    parser = _Elements()
    parser.feed(response.content.decode())
    return parser.tags


def csp_directives(response):
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


def public_urls():
    """One page of every kind a visitor can open, from the real data."""
    urls = [
        reverse("clusters:home"),
        reverse("clusters:list"),
        reverse("clusters:specialisation-list"),
        reverse("clusters:country-list"),
        reverse("clusters:search") + "?q=medycyna",
        reverse("ecosystems:list"),
        reverse("members:list"),
        reverse(
            "clusters:detail", args=[Cluster.objects.get(name="Klaster Lubelska Medycyna").slug]
        ),
        reverse("ecosystems:detail", args=[Ecosystem.objects.first().slug]),
        reverse("clusters:specialisation-detail", args=[Specialisation.objects.first().slug]),
        "/nie-ma-takiej-strony/",
    ]
    organisation = MemberOrganisation.objects.first()
    if organisation is not None:
        urls.append(reverse("members:detail", args=[organisation.slug]))
    return urls


def assert_security_headers(response):
    directives = csp_directives(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    header = response["Content-Security-Policy"]
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


# -- Headers and Content-Security-Policy ------------------------------------------------------------


def test_every_public_page_has_the_security_headers(client, real_data):
    for url in public_urls():
        response = client.get(url, secure=True)
        assert response.status_code in {200, 404}, url
        assert_security_headers(response)


def test_health_check_robots_and_admin_login_have_the_security_headers(client, db):
    for url in ["/healthz", "/robots.txt", reverse("admin:login")]:
        assert_security_headers(client.get(url, secure=True))


def test_public_pages_have_no_inline_script_style_or_event_handler(client, real_data):
    """The CSP forbids them; a JSON-LD data block is not executed and is allowed."""
    for url in public_urls():
        for element in elements(client.get(url)):
            attrs = element["attrs"]
            assert "style" not in attrs, (url, element)
            assert not any(name.startswith("on") for name in attrs), (url, element)
            assert element["tag"] != "style", url
            if element["tag"] == "script":
                assert attrs.get("src") or attrs.get("type") == "application/ld+json", (
                    url,
                    element,
                )


def test_admin_inline_scripts_and_styles_carry_the_nonce_of_the_policy(client, db):
    client.force_login(factories.directory_admin())
    cluster = factories.ClusterFactory()
    for url in [
        reverse("admin:index"),
        reverse("admin:clusters_cluster_changelist"),
        reverse("admin:clusters_cluster_change", args=[cluster.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        nonces = [v for v in csp_directives(response)["script-src"] if v.startswith("'nonce-")]
        assert len(nonces) == 1, url
        nonce = nonces[0][len("'nonce-") : -1]
        assert f"'nonce-{nonce}'" in csp_directives(response)["style-src"]
        inline = [
            e
            for e in elements(response)
            if e["tag"] in {"script", "style"} and not e["attrs"].get("src")
        ]
        for element in inline:
            assert element["attrs"].get("nonce") == nonce, (url, element)
        assert not any("style" in e["attrs"] for e in elements(response)), url


# -- HTTPS and cookies ------------------------------------------------------------------------------


REDIRECT_PROBE = """
import django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="localhost")
for path, headers in [("/robots.txt", {}), ("/healthz", {}), ("/robots.txt", PROXIED)]:
    response = client.get(path, **headers)
    print(response.status_code, response.get("Location", "-"))
""".replace("PROXIED", repr({"HTTP_X_FORWARDED_PROTO": "https"}))


@pytest.mark.slow
@pytest.mark.parametrize(
    ("env", "answers"),
    [
        # Plain HTTP is redirected, the load balancer's probe is not, and a client cannot claim
        # HTTPS through X-Forwarded-Proto unless a proxy is said to set it.
        ({}, ["301 https://localhost/robots.txt", "200 -", "301 https://localhost/robots.txt"]),
        (
            {"BEHIND_TLS_PROXY": "1", "TRUSTED_PROXY_COUNT": "1"},  # config.proxies wants both
            ["301 https://localhost/robots.txt", "200 -", "200 -"],
        ),
        ({"SECURE_SSL_REDIRECT": "0"}, ["200 -", "200 -", "200 -"]),  # `make serve`
    ],
    ids=["production", "behind-a-tls-proxy", "make-serve"],
)
def test_production_settings_send_plain_http_to_https(env, answers):
    result = run_with_production_settings(
        "-c", REDIRECT_PROBE, DATABASE_URL="sqlite:///:memory:", **env
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-3:] == answers


def test_csrf_and_session_cookies_are_secure_and_http_only(db):
    client = Client()
    response = client.get(reverse("admin:login"), secure=True)
    csrf = response.cookies["csrftoken"]
    assert csrf["secure"] is True
    assert csrf["httponly"] is True
    assert csrf["samesite"] == "Lax"

    user = factories.directory_admin()
    response = client.post(
        reverse("admin:login"),
        {"username": user.username, "password": factories.PASSWORD},
        secure=True,
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] is True
    assert session["httponly"] is True


def test_admin_login_form_has_a_csrf_token_and_a_post_without_it_is_refused(db):
    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("admin:login"))
    assert 'name="csrfmiddlewaretoken"' in page.content.decode()
    user = factories.directory_admin()
    response = client.post(
        reverse("admin:login"), {"username": user.username, "password": factories.PASSWORD}
    )
    assert response.status_code == 403


def test_the_forms_of_public_pages_send_get_so_there_is_no_post_to_forge(client, real_data):
    """A public POST form would need a CSRF token and a thought about caching; there is none: the
    search box and the filters are GET forms whose results have an address of their own."""
    for url in public_urls():
        forms = [e["attrs"] for e in elements(client.get(url)) if e["tag"] == "form"]
        assert forms, url  # the header's search box at least
        for form in forms:
            assert form.get("method", "get").lower() == "get", (url, form)


# -- Password guessing on the admin login -----------------------------------------------------------


def attempt_login(username, password, ip="192.0.2.10"):
    return Client(REMOTE_ADDR=ip).post(
        reverse("admin:login"), {"username": username, "password": password}
    )


def test_the_sixth_attempt_after_five_failures_is_refused_even_with_the_right_password(db):
    user = factories.directory_admin()
    for _ in range(4):
        response = attempt_login(user.username, "wrong-password")
        assert response.status_code == 200  # the login form again, with its error
        assert LOCKOUT_TEXT not in response.content.decode()
    fifth = attempt_login(user.username, "wrong-password")
    assert fifth.status_code == 429

    response = attempt_login(user.username, factories.PASSWORD)
    text = response.content.decode()
    assert response.status_code == 429
    assert LOCKOUT_TEXT in text
    assert "Spróbuj ponownie za 15 min." in text
    assert "nawet z poprawnym hasłem" in text
    assert response["Retry-After"] == "900"
    assert "_auth_user_id" not in response.wsgi_request.session


def test_an_address_is_locked_for_every_user_name_after_failures_for_many(db, settings):
    user = factories.directory_admin()
    for n in range(settings.AXES_ADDRESS_FAILURE_LIMIT):
        attempt_login(f"nieznany-{n}", "wrong-password", ip="192.0.2.99")
    assert attempt_login(user.username, factories.PASSWORD, ip="192.0.2.99").status_code == 429
    # The same account from another address is not locked.
    assert attempt_login(user.username, factories.PASSWORD, ip="192.0.2.100").status_code == 302


def test_the_lockout_ends_after_the_cool_off_time(db):
    user = factories.directory_admin()
    for _ in range(5):
        attempt_login(user.username, "wrong-password")
    assert attempt_login(user.username, factories.PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert attempt_login(user.username, factories.PASSWORD).status_code == 302


def test_a_success_before_the_limit_resets_the_count(db):
    user = factories.directory_admin()
    for _ in range(4):
        attempt_login(user.username, "wrong-password")
    assert attempt_login(user.username, factories.PASSWORD).status_code == 302
    for _ in range(4):
        attempt_login(user.username, "wrong-password")
    assert attempt_login(user.username, factories.PASSWORD).status_code == 302


def test_behind_trusted_proxies_the_lockout_uses_the_address_the_proxy_saw(db, settings):
    from django.test import RequestFactory

    from config.security import client_ip

    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2")
    request.META["HTTP_X_FORWARDED_FOR"] = "6.6.6.6, 203.0.113.5"
    assert client_ip(request) == "10.0.0.2"  # no proxy trusted: the header is ignored
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.5"  # not the forgeable left-most entry
    request.META["HTTP_X_FORWARDED_FOR"] = "not-an-address"
    assert client_ip(request) == "10.0.0.2"


@pytest.mark.parametrize(
    "password", ["krotkie1", "password1234", "12345678901234", "biuro-klastra1"]
)
def test_weak_passwords_are_rejected(db, password):
    user = get_user_model()(username="biuro-klastra1")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_long_uncommon_password_is_accepted(db):
    validate_password("Wyzyna-Lubelska-2026-klastry!", get_user_model()(username="biuro"))


# -- Deployment checks and configuration ------------------------------------------------------------


def run_with_production_settings(*args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        # What the test session set for itself (the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE) or a
        # developer's shell may hold is not production's environment.
        if not key.startswith(("SECURE_", "DJANGO_", "BEHIND_TLS", "ADMIN_URL"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        SECRET_KEY="k7Qf2LxR9vB3nW8mZp4Yt6Hs1Jd5Gc0Ae-Ui_Oo7Kq3Xw9Rl2Ny8Tv5Mb1Pz4Sj6",
        **env,
    )
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=environment, capture_output=True, text=True
    )


@pytest.mark.slow
def test_check_deploy_with_production_settings_prints_no_warning():
    result = run_with_production_settings(
        "manage.py", "check", "--deploy", "--fail-level", "WARNING"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.slow
def test_the_admin_url_comes_from_the_environment():
    result = run_with_production_settings(
        "-c",
        "import django; django.setup(); from django.urls import reverse; print(reverse('admin:index'))",
        ADMIN_URL="zaplecze-7f3k/",
    )
    assert result.stdout.strip().splitlines()[-1] == "/zaplecze-7f3k/"


# -- Personal data ----------------------------------------------------------------------------------


def test_a_cluster_profile_shows_its_public_contact_but_not_its_office_accounts(client, db):
    cluster = factories.ClusterFactory(
        name="Klaster Jawnych Kontaktów",
        email="biuro@klaster-jawny.example",
        phone="+48 81 000 00 00",
    )
    factories.office_user(username="jan.kowalski.biuro", clusters=[cluster])
    user = get_user_model().objects.get(username="jan.kowalski.biuro")
    user.email = "jan.kowalski@prywatny.example"
    user.first_name, user.last_name = "Jan", "Kowalski"
    user.save()

    response = client.get(reverse("clusters:detail", args=[cluster.slug]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Klaster Jawnych Kontaktów" in text
    assert "biuro@klaster-jawny.example" in text
    for private in ["jan.kowalski.biuro", "jan.kowalski@prywatny.example", "Kowalski"]:
        assert private not in text

    for url in [
        reverse("clusters:list"),
        reverse("clusters:search") + "?q=kowalski",
        reverse("clusters:export"),
    ]:
        response = client.get(url)
        listed = b"".join(response.streaming_content if response.streaming else [response.content])
        listed = listed.decode()
        for private in ["jan.kowalski.biuro", "jan.kowalski@prywatny.example", "Kowalski"]:
            assert private not in listed, url
