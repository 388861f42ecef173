"""What the refreshes of rows kept from other rows share: whom visitors see (``listed``,
``members.visibility``) and the organisations' names on their memberships
(``members.name_copies``).

Two writes may overlap: an office's import adds an organisation to a cluster while an administrator
unpublishes the cluster or renames the organisation. Each transaction sees only what the other has
committed, so each would compute its rows without the other's. On PostgreSQL every refresh first
takes one transaction-level lock (``wait_for_other_writers``), held until its transaction ends:
the second writer's refresh waits for the first to commit and then reads its rows (SQLite lets
one transaction write at a time anyway).

Every ``migrate`` writes them all again (``mend_after_migrate``), so a deploy mends what a write
from outside the site (SQL by hand, an old process during a rolling deploy) may have left.
"""

from django.db import connection, connections, transaction

# pg_advisory_xact_lock's key: any constant no other lock of the database uses ("listed").
LOCK_KEY = 0x6C6973746564


def wait_for_other_writers():
    """Take the lock every refresh takes first, until the transaction ends (PostgreSQL only)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


def _stored_columns(model, using):
    with connections[using].cursor() as cursor:
        description = connections[using].introspection.get_table_description(
            cursor, model._meta.db_table
        )
    return {column.name for column in description}


def mend_after_migrate(model, columns, refresh):
    """A post_migrate receiver running ``refresh()`` (every row) in one transaction, unless
    ``model``'s table lacks ``columns``: asked of the table, as ``flush`` sends post_migrate with
    today's models whatever the schema (a database migrated back before them)."""

    def receiver(sender, using="default", **kwargs):
        if using != connection.alias or not set(columns) <= _stored_columns(model, using):
            return
        with transaction.atomic(using=using):
            refresh()

    return receiver
