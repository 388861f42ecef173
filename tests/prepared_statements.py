"""What PostgreSQL holds prepared on the test's connection (core.prepared)."""

from django.db import connection


def prepared_statements():
    """The text of each statement prepared on the connection."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [statement for (statement,) in cursor.fetchall()]
