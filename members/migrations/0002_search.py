"""Full-text and trigram indexes of member organisations for the site search (PostgreSQL only)."""

from django.db import migrations

from core.db_functions import index_operations

# A frozen copy of pages.search's field list (field, weight) for organisations.
ORGANISATION_FIELDS = (("name", "A"), ("city", "B"), ("description", "C"))


class Migration(migrations.Migration):
    dependencies = [
        ("clusters", "0002_search"),
        ("members", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(
            *index_operations("members", "MemberOrganisation", "organisation", ORGANISATION_FIELDS)
        ),
    ]
