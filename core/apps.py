from django.apps import AppConfig
from django.core.signals import request_finished, request_started
from django.db.backends.signals import connection_created


def _register_sqlite_functions(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        from .db_functions import register_fold

        register_fold(connection)


class CoreConfig(AppConfig):
    """Shared mechanisms; no models. Every SQLite connection gets the fold and the Polish collation
    (what PostgreSQL has from unaccent and ICU), so a query never depends on who connected first."""

    name = "core"

    def ready(self):
        connection_created.connect(_register_sqlite_functions, dispatch_uid="core-sqlite-functions")
        from . import data_version

        # the data version is read once per request (core.data_version)
        request_started.connect(data_version.request_started, dispatch_uid="core-data-version")
        request_finished.connect(data_version.request_finished, dispatch_uid="core-data-version")
        from .queryset_classes import install

        install()
