"""The data version: one value, shared by every app server, that changes with every write to the
directory's public data. The full-page cache (config/page_cache.py) serves a stored page only if
it was rendered under the current version, so an edit shows at once everywhere.

Every model of the apps whose rows the public pages show (each calls ``track_app_data()`` in its
``ready()``: ecosystems, clusters, members) bumps it when a row is saved, deleted or its
many-to-many links change (the admin's saves, deletes, reverts and restores, fixtures). Writes that
send no signals (``QuerySet.update``, ``bulk_create``, ``bulk_update``) call ``data_changed()``
themselves. The bump waits for the transaction's commit: bumping earlier would let a request that
reads the old rows after the bump store them under the new version, stale until the next edit.
"""

import logging
import secrets
import time
from datetime import UTC, datetime

from asgiref.local import Local
from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import signals

logger = logging.getLogger(__name__)

VERSION_KEY = "data-version"

# The version as this request first read it. Every page asks several times (the page cache, each
# listing's options and counts), and with Redis each ask is a round trip: one is enough, and one
# version for the whole request is also what a stored page and its counts should agree on.
_this_request = Local()


def _store():
    return caches[settings.PAGE_CACHE_VERSION_ALIAS]


def _new_version() -> str:
    # Unique (the random part) and dated (the time, for Last-Modified).
    return f"{time.time():.6f}-{secrets.token_hex(6)}"


def current_version() -> str:
    """The version now (read once per request); a missing one (first start, eviction) is created,
    which only makes every stored page out of date. Raises whatever the cache raises when it is
    unreachable."""
    if not getattr(_this_request, "active", False):
        return _read_version()
    version = getattr(_this_request, "version", None)
    if version is None:
        version = _this_request.version = _read_version()
    return version


def _read_version() -> str:
    store = _store()
    version = store.get(VERSION_KEY)
    if version is None:
        store.add(VERSION_KEY, _new_version(), timeout=None)
        version = store.get(VERSION_KEY)
    return version


def version_time(version: str) -> datetime:
    """When ``version`` was made."""
    return datetime.fromtimestamp(float(version.partition("-")[0]), tz=UTC)


def bump_data_version() -> None:
    """A new version now. A cache that cannot be reached is logged, not raised: the edit itself is
    saved, and pages stored before it expire after PAGE_CACHE_SECONDS at the latest."""
    version = _new_version()
    try:
        _store().set(VERSION_KEY, version, timeout=None)
        _this_request.version = version  # what this request reads from now on, if in one
    except Exception:
        logger.exception("The data version could not be bumped; cached pages may be stale")


def data_changed(using: str | None = None) -> None:
    """Bump the version when the current transaction commits (at once outside a transaction),
    once however many rows the transaction writes at one level of savepoints."""
    connection = connections[using or DEFAULT_DB_ALIAS]
    if connection.in_atomic_block:
        # A bump already waiting with the same savepoints is run or dropped exactly when this one
        # would be. (One of outer savepoints would do as well, but tests' on-commit capture only
        # sees what is added inside it.)
        savepoints = set(connection.savepoint_ids)
        if any(
            func is bump_data_version and sids == savepoints
            for sids, func, _robust in connection.run_on_commit
        ):
            return
    transaction.on_commit(bump_data_version, using=using)


def request_started(**kwargs) -> None:
    _this_request.active, _this_request.version = True, None


def request_finished(**kwargs) -> None:
    _this_request.active, _this_request.version = False, None


def _saved_or_deleted(sender, using=None, **kwargs):
    data_changed(using)


def _links_changed(sender, action, using=None, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        data_changed(using)


def track_app_data(app_config) -> None:
    """Each model of the app (and its many-to-many tables) bumps the version. Connected per model,
    not for every sender, so that other models keep Django's fast bulk deletes."""
    for model in app_config.get_models(include_auto_created=True):
        uid = f"data-version-{model._meta.label_lower}"
        signals.post_save.connect(_saved_or_deleted, sender=model, dispatch_uid=uid)
        signals.post_delete.connect(_saved_or_deleted, sender=model, dispatch_uid=uid)
        signals.m2m_changed.connect(_links_changed, sender=model, dispatch_uid=uid)
