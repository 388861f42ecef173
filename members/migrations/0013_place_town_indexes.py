"""Indexes of the town sort within one place (members.ordering.place_town_indexes), per language,
PostgreSQL only: /czlonkowie/?place=lublin&sort=city reads its page from the index."""

from django.db import migrations

from core.db_functions import postgresql_indexes
from members.ordering import place_town_indexes


class Migration(migrations.Migration):
    dependencies = [("members", "0012_stored_search_documents")]

    operations = [
        migrations.RunPython(
            *postgresql_indexes("members", "MemberOrganisation", place_town_indexes)
        ),
    ]
