"""Indexes on the expressions /czlonkowie/ sorts by (members.ordering), per language, PostgreSQL
only: a page of 25 is read from the index instead of sorting every organisation."""

from django.db import migrations

from core.db_functions import postgresql_indexes
from members.ordering import sort_indexes


class Migration(migrations.Migration):
    dependencies = [("members", "0010_search_by_language")]

    operations = [
        migrations.RunPython(*postgresql_indexes("members", "MemberOrganisation", sort_indexes)),
    ]
