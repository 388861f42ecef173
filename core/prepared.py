"""Statements PostgreSQL plans once per connection: a cursor that prepares what it runs.

The site's queries bind their parameters on the client, as Django's do, and PostgreSQL plans each
one anew. For a statement whose SQL is written once and run with new values (``core.json_rows``'
``RowQuery``, the search's statements), planning can cost more than running: the home page's
figures 1.4 of 3.2 ms, a profile's dozen lists a third of theirs. ``prepared_cursor`` binds the
values on the server and prepares the statement once per connection (psycopg keeps the last 100),
and after a few runs PostgreSQL keeps a generic plan when it costs no more than its custom ones.

A statement whose best plan depends on its values (how many organisations a search's words match)
should not be prepared: a kept plan read "lublin"'s organisations in 21 ms instead of 16.
A connection pooler in transaction mode must support prepared statements (PgBouncer ≥ 1.21 with
``max_prepared_statements``) or run in session mode.
"""

from django.db import connections
from django.db.backends.postgresql.base import ServerBindingCursor


class _PreparingCursor(ServerBindingCursor):
    """Prepares what it runs. Django leaves the connection's ``prepare_threshold`` at None, which
    turns psycopg's prepared statements off, even those asked for, and keeps it from counting
    every other query's runs (hashing its text, 40 KB for a listing's query of hidden ids): the
    threshold is set only while this cursor runs its statement."""

    def execute(self, query, params=None, **options):
        connection = self.connection
        threshold = connection.prepare_threshold
        connection.prepare_threshold = 0
        try:
            return super().execute(query, params, prepare=True, **options)
        finally:
            connection.prepare_threshold = threshold


def prepared_cursor(using="default"):
    """A cursor of the ``using`` connection (counted and logged as Django's are) that prepares its
    statements on PostgreSQL; elsewhere the connection's own cursor."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return connection.cursor()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    cursor = _PreparingCursor(connection.connection)
    if connection.queries_logged:
        return connection.make_debug_cursor(cursor)
    return connection.make_cursor(cursor)
