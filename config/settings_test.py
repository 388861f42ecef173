"""Fast, deterministic settings for the test suite (the database still comes from DATABASE_URL)."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")

from config.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The test client speaks plain HTTP; production's HTTPS redirect is tested with secure=True requests.
SECURE_SSL_REDIRECT = False

# Static files come from the apps' folders (no collectstatic before tests), as in development.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The full-page cache is off unless a test turns it on (tests/core/test_page_cache.py): most tests
# change rows inside a transaction that never commits, so the version bump never comes.
PAGE_CACHE_SECONDS = 0
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "page_versions": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "page-versions",
    },
}
PAGE_CACHE_VERSION_ALIAS = "page_versions"

# Cached listing counts (core/listing/counts.py) are off unless a test turns them on: a test's
# writes never commit, so the data version they are stored under never changes.
LISTING_COUNT_SECONDS = 0
