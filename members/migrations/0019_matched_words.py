"""The folded words of the columns the organisations' text filter reads (``/czlonkowie/?q=``), as a
stored generated column with a trigram index, PostgreSQL only (``core.db_functions.
stored_words_operations``): at 200,000 organisations each of the listing's counts matched the words
against six unaccented columns of every row (about 1 s a query, 3 s for a first request); the index
finds ``medycyna``'s 8,026 organisations in about 46 ms."""

from django.db import migrations

from core.db_functions import stored_words_operations

# A frozen copy of MemberOrganisation.STORED_WORDS at the time of this migration.
COLUMNS = ("name_pl", "aliases", "city", "description_pl", "name_en", "description_en")


class Migration(migrations.Migration):
    dependencies = [("members", "0018_type_place_index")]

    operations = [
        migrations.RunPython(
            *stored_words_operations("members", "MemberOrganisation", "organisation_words", COLUMNS)
        ),
    ]
