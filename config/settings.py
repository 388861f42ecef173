"""Settings for Klastry Lubelskie, read from the environment.

Development is opt-in: DEBUG is off unless DEBUG=1, and without DEBUG a SECRET_KEY must be given.
DATABASE_URL defaults to an embedded SQLite file so that a newcomer's first run needs no server.
"""

import hashlib
import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from config.proxies import trusted_proxy_count

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Before the admin, so its TranslationAdmin classes and the model fields are in place first.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_countries",
    "django_filters",
    "axes",
    "reversion",
    "core",
    "backoffice",
    "ecosystems",
    "clusters",
    "members",
    "inbox",
    "pages",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.input_hygiene.StripInvalidCharactersMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Static files leave here, already compressed by collectstatic (whitenoise).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # gzip for every response the page cache did not answer compressed (so it sits above it):
    # pages with a visitor's CSRF token, signed-in editors' pages, streamed CSV (chunk by chunk).
    # Each is padded with random bytes against BREACH, which is why those get no brotli; the
    # cached public pages hold no secret and come in brotli too (config/compression.py).
    "config.compression.PerRequestGZipMiddleware",
    # Above the session, CSRF and messages middleware: a hit touches neither them nor the
    # database, and a store sees their Set-Cookie and Vary (config/page_cache.py).
    "config.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.LanguageFromPathMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.site_meta",
                "django.template.context_processors.csp",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Give up connecting after a few seconds, so an outage answers 503 at once instead of hanging.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = int(
        os.environ.get("DB_CONNECT_TIMEOUT", "3")
    )
    # No JIT compilation: it pays off for long analytical queries, while a page's queries are
    # short, and compiling one whose estimate crosses jit_above_cost (a count over every
    # organisation) added 100–700 ms to it at 200,000 organisations. And index reads priced as
    # the data is, in memory (random_page_cost 1.1, not the 4 of a spinning disk): at the default
    # the planner joined 30 memberships to their clusters by scanning and hashing all 2,000
    # clusters (0.9 against 0.08 ms) and read a deep page of clusters by sorting them all.
    # And a sequential scan starts at the table's first page, not where the last one of a large
    # table stopped (synchronize_seqscans): the search ranks the first matches it finds of a common
    # word ("lublin": a scan of the organisations), and they changed from one visit to the next.
    DATABASES["default"]["OPTIONS"]["options"] = (
        "-c jit=off -c random_page_cost=1.1 -c synchronize_seqscans=off"
    )
# Statements written once and run with new values are prepared once per connection on
# PostgreSQL (core/prepared.py). Off behind a pooler in transaction mode that drops them.
PREPARED_STATEMENTS = env_bool("DB_PREPARED_STATEMENTS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Polish at the root, English under /en/ (config/urls.py, i18n_patterns). The language comes from the
# URL alone (config.middleware.LanguageFromPathMiddleware): never from Accept-Language or a cookie, so
# a shared link opens in the language it was shared in, and the admin stays Polish.
LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", _("polski")), ("en", _("angielski"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Our own date formats where Django's differ from what the site shows ("18 March 2024").
FORMAT_MODULE_PATH = ["config.formats"]

# Translated content fields (<field>_pl, <field>_en), registered in each app's translation.py.
# A missing English value falls back to Polish; templates mark it (core.templatetags.content_language).
MODELTRANSLATION_DEFAULT_LANGUAGE = "pl"
MODELTRANSLATION_LANGUAGES = ("pl", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("pl",)
# A row created with ``name=...`` (fixtures, factories, code) gets it as its Polish value.
MODELTRANSLATION_AUTO_POPULATE = "default"
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# == Caches ==
# REDIS_URL (e.g. redis://127.0.0.1:6379/0) puts the cache in Redis, shared by every app server;
# without it each process keeps its own in memory, so `make run` needs nothing.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "klastry"),
        }
    }
    PAGE_CACHE_VERSION_ALIAS = "default"
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # The data version alone is kept in a file, which every process of this machine reads
        # (gunicorn's workers have a memory each): an edit made through one worker shows at once
        # in all of them (core/data_version.py).
        "page_versions": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("PAGE_CACHE_VERSION_DIR")
            or Path(tempfile.gettempdir())
            / f"klastry-{hashlib.sha256(str(BASE_DIR).encode()).hexdigest()[:12]}-page-versions",
        },
    }
    PAGE_CACHE_VERSION_ALIAS = "page_versions"
# The full-page cache of public pages (config/page_cache.py): how long a page is kept; 0 turns it
# off. Shared caches (a CDN, a proxy) may keep a public page PAGE_CACHE_SHARED_SECONDS.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
PAGE_CACHE_SHARED_SECONDS = int(os.environ.get("PAGE_CACHE_SHARED_SECONDS", "60"))
PAGE_CACHE_ALIAS = "default"

ADMIN_URL = os.environ.get("ADMIN_URL", "admin/").strip("/") + "/"
# Where a login ends when its ?next= is missing or unsafe (Django's default is a 404 here).
LOGIN_REDIRECT_URL = "admin:index"

COUNTRIES_FIRST = ["PL"]

# The site's public address, for links in e-mails (a command has no request to build them from).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# == Serving and security ==
# Production-grade whenever DEBUG is off; each switch can be relaxed through the environment, e.g.
# `make serve` sets SECURE_SSL_REDIRECT=0 to serve plain http://127.0.0.1:8000 on one machine.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe the app server over plain HTTP
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (and strips it from clients' requests).
# Off by default: Django would take the header from anyone who reaches the app server. gunicorn
# already takes it from the addresses in FORWARDED_ALLOW_IPS only (README, "Deployment").
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY")
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies append to X-Forwarded-For in front of the app (for the login lockout's address);
# a contradictory set-up stops here (config/proxies.py).
TRUSTED_PROXY_COUNT = trusted_proxy_count(
    os.environ.get("TRUSTED_PROXY_COUNT", "0"), behind_tls_proxy=BEHIND_TLS_PROXY
)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = env_bool(
    "SECURE_COOKIES", not DEBUG
)
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = LANGUAGE_COOKIE_HTTPONLY = True

# Content-Security-Policy: no inline script or style anywhere; what must be inline carries the
# request's nonce ({% csp_nonce_attr %}, as Django's admin templates do).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Password guessing on the admin login (config/login_throttle.py, README "Security"): a user name
# from one address is locked after AXES_FAILURE_LIMIT failures, an address after
# AXES_ADDRESS_FAILURE_LIMIT failures for any user names; a success forgives only its own pair.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "config.login_throttle.PairAndAddressHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_ADDRESS_FAILURE_LIMIT = int(os.environ.get("AXES_ADDRESS_FAILURE_LIMIT", "20"))
if not 0 < AXES_FAILURE_LIMIT <= AXES_ADDRESS_FAILURE_LIMIT:
    raise ImproperlyConfigured(
        "AXES_ADDRESS_FAILURE_LIMIT must be at least AXES_FAILURE_LIMIT, and both above 0."
    )
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_VERBOSE = False  # its start-up banner would open every management command
AXES_CLIENT_IP_CALLABLE = "config.security.client_ip"
AXES_LOCKOUT_CALLABLE = "config.security.lockout_response"

# == Mail: visitors' messages, corrections, reminders to offices (remind_stale_clusters) ==
# The SMTP server from the environment; in development (DEBUG) the console backend prints every
# mail in `make run`'s output instead, unless EMAIL_HOST is given.
if DEBUG and not os.environ.get("EMAIL_HOST"):
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("EMAIL_HOST", "localhost"),
                "port": int(os.environ.get("EMAIL_PORT", "25")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS"),
                "use_ssl": env_bool("EMAIL_USE_SSL"),
                # Mail goes out while the visitor waits for the thank-you page: never hang long.
                "timeout": int(os.environ.get("EMAIL_TIMEOUT", "10")),
            },
        }
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Klastry Lubelskie <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The directory's editors: corrections, and messages to a cluster whose office has no address.
EDITORS_EMAIL = env_list("EDITORS_EMAIL")
# Abuse limits of the visitors' forms (inbox.guard).
INBOX_RATE_LIMIT = int(os.environ.get("INBOX_RATE_LIMIT", "5"))
INBOX_RATE_WINDOW_MINUTES = int(os.environ.get("INBOX_RATE_WINDOW_MINUTES", "60"))
INBOX_MIN_FILL_SECONDS = int(os.environ.get("INBOX_MIN_FILL_SECONDS", "3"))
INBOX_MAX_FILL_HOURS = int(os.environ.get("INBOX_MAX_FILL_HOURS", "12"))
# Visitors' personal data is deleted or anonymised this long after it was sent.
PERSONAL_DATA_RETENTION_MONTHS = int(os.environ.get("PERSONAL_DATA_RETENTION_MONTHS", "12"))
# The answer time the thank-you page and the office's mail state.
INBOX_ANSWER_WORKING_DAYS = int(os.environ.get("INBOX_ANSWER_WORKING_DAYS", "10"))
