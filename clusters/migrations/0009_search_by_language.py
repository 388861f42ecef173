"""Site search per language (PostgreSQL only): the Polish indexes move from the original columns to
the *_pl ones, the English *_en columns get their own, in the stemmed english_unaccent
configuration; the cluster's english_name (now name_en) goes. Every step is a no-op on other databases."""

from django.db import migrations

from core.db_functions import (
    ENGLISH_SEARCH_CONFIG,
    create_english_search_config,
    drop_english_search_config,
    index_operations,
)

# Frozen copies of pages.search's field lists (column, weight) at the time of this migration.
OLD_CLUSTER_FIELDS = (
    ("name", "A"),
    ("official_name", "A"),
    ("english_name", "A"),
    ("aliases", "A"),
    ("description", "B"),
)
OLD_SPECIALISATION_FIELDS = (("name", "A"), ("description", "B"))
CLUSTER_FIELDS = {
    "pl": (("name_pl", "A"), ("official_name_pl", "A"), ("aliases", "A"), ("description_pl", "B")),
    "en": (("name_en", "A"), ("official_name_en", "A"), ("description_en", "B")),
}
SPECIALISATION_FIELDS = {
    "pl": (("name_pl", "A"), ("description_pl", "B")),
    "en": (("name_en", "A"), ("description_en", "B")),
}


def by_language(model_name, prefix, fields):
    return [
        migrations.RunPython(
            *index_operations("clusters", model_name, prefix, fields["pl"], name_field="name_pl")
        ),
        migrations.RunPython(
            *index_operations(
                "clusters",
                model_name,
                prefix,
                fields["en"],
                config=ENGLISH_SEARCH_CONFIG,
                name_field="name_en",
                suffix="_en",
            )
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("clusters", "0008_english_content_fields"),
    ]

    operations = [
        migrations.RunPython(create_english_search_config, drop_english_search_config),
        migrations.RunPython(
            *index_operations("clusters", "Cluster", "cluster", OLD_CLUSTER_FIELDS, remove=True)
        ),
        migrations.RunPython(
            *index_operations(
                "clusters", "Specialisation", "specialisation", OLD_SPECIALISATION_FIELDS, remove=True
            )
        ),
        *by_language("Cluster", "cluster", CLUSTER_FIELDS),
        *by_language("Specialisation", "specialisation", SPECIALISATION_FIELDS),
        # Its values are name_en's since 0008; its index is gone above.
        migrations.RemoveField(model_name="cluster", name="english_name"),
    ]
