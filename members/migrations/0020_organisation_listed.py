"""Whether visitors see an organisation, kept on its row (members.visibility): written here once
for the rows there are, then by every write it depends on."""

from django.db import migrations, models
from django.db.models import Exists, OuterRef


def write_listed(apps, schema_editor):
    # The rule as members.visibility writes it, on the historical models.
    organisations = apps.get_model("members", "MemberOrganisation")
    memberships = apps.get_model("members", "Membership").objects.filter(
        organisation=OuterRef("pk")
    )
    organisations.objects.exclude(
        ~Exists(memberships) | Exists(memberships.filter(cluster__published=True))
    ).update(listed=False)


class Migration(migrations.Migration):
    dependencies = [
        ("clusters", "0012_stored_search_documents"),
        ("members", "0019_matched_words"),
    ]

    operations = [
        migrations.AddField(
            model_name="memberorganisation",
            name="listed",
            field=models.BooleanField(
                db_default=True, default=True, editable=False, verbose_name="widoczna w katalogu"
            ),
        ),
        migrations.RunPython(write_listed, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="memberorganisation",
            index=models.Index(
                condition=models.Q(("listed", False)), fields=["id"], name="organisation_unlisted"
            ),
        ),
    ]
