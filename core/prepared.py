"""Statements prepared once per connection: a cursor that prepares what it runs.

The site's queries bind their parameters on the client, as Django's do, and PostgreSQL plans each
one anew. For a statement whose SQL is written once and run with new values (``core.json_rows``'
``RowQuery``, ``core.compiled_rows``' ``IdsQuery``, the search's small kinds), planning can cost
more than running: the home page's figures 1.4 of 3.2 ms, a profile's dozen lists a third of
theirs. ``prepared_cursor`` binds the values on the server and prepares the statement the first
time a connection runs it (psycopg keeps a connection's last 100). PostgreSQL plans its first five
runs for their values and then keeps a generic plan when that costs no more: from the sixth run of
a statement on a persistent connection (``CONN_MAX_AGE``), it is no longer planned.

A statement whose best plan depends on its values (how many organisations a search's words match)
should not be prepared: a kept plan read "lublin"'s organisations in 21 ms instead of 16.

Deployment: a connection pooler in transaction mode must keep prepared statements (PgBouncer 1.21
or later with ``max_prepared_statements``) or run in session mode; otherwise set
``DB_PREPARED_STATEMENTS=0``, as with ``CONN_MAX_AGE=0`` (a connection per request, where preparing
would only add a round trip) they are not used. After a migration that changes the type of a column
these statements read, restart the app servers (as a deploy does): a statement prepared before it
fails with "cached plan must not change result type" until its connection is closed.
"""

from django.conf import settings
from django.db import connections
from django.db.backends.postgresql.base import CursorDebugWrapper, ServerBindingCursor
from django.db.backends.utils import CursorWrapper
from psycopg.types.numeric import Int8Dumper


class _PreparingCursor(ServerBindingCursor):
    """Prepares what it runs.

    Django leaves the connection's ``prepare_threshold`` at None, which turns psycopg's prepared
    statements off, even those asked for, and keeps it from counting every other query's runs
    (hashing its text: 40 KB for a listing's query of hidden ids); it is set only while this
    cursor runs its statement. Integers are sent as int8: psycopg names a statement by its text and
    its parameters' types, and would send an id as int2, int4 or int8 by its size, preparing a new
    statement for each mix of small and large ids on a page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.adapters.register_dumper(int, Int8Dumper)

    def execute(self, query, params=None, **options):
        connection = self.connection
        threshold = connection.prepare_threshold
        connection.prepare_threshold = 0
        try:
            return super().execute(query, params, prepare=True, **options)
        finally:
            connection.prepare_threshold = threshold


class _LoggedCursor(CursorDebugWrapper):
    """Logs a prepared statement as a client-bound query is logged: its SQL with the values in
    (Django's log read "QUERY = … - PARAMS = …" for it, which the benchmark cannot explain)."""

    def execute(self, sql, params=None):
        logged = self.db.ops.compose_sql(sql, params) if params else sql
        with self.debug_sql(logged, params):
            return CursorWrapper.execute(self, sql, params)


def preparing(using="default"):
    """Whether ``using``'s statements asked to be prepared are: on PostgreSQL, with persistent
    connections, unless ``DB_PREPARED_STATEMENTS`` says not to."""
    connection = connections[using]
    return (
        connection.vendor == "postgresql"
        and settings.PREPARED_STATEMENTS
        and connection.settings_dict["CONN_MAX_AGE"] != 0
    )


def prepared_cursor(using="default"):
    """A cursor of the ``using`` connection that prepares its statements (``preparing``), else the
    connection's own cursor. Opened as Django opens its own: the connection checked first when
    health checks are on (a persistent connection PostgreSQL dropped is replaced, not an error),
    errors raised as Django's, queries counted and logged."""
    connection = connections[using]
    if not preparing(using):
        return connection.cursor()
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        connection.validate_thread_sharing()
        cursor = _PreparingCursor(connection.connection)
        if connection.queries_logged:
            return _LoggedCursor(cursor, connection)
        return connection.make_cursor(cursor)
