"""load_real_data never loses an edit: it adds what is missing, updates only rows nobody edited
since they were loaded, and puts the fixtures' values back only on an explicit, listed --reset."""

import json
import shutil

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from clusters.models import Cluster, Event
from pages.management.commands import load_real_data
from tests import factories
from tests.admin_forms import admin_url, change_form_data

MEDYCYNA = "klaster-lubelska-medycyna"
EDIT = "Opis poprawiony przez biuro klastra po wczytaniu danych."


def load(*args, **options):
    out = []

    class Out:
        def write(self, text):
            out.append(text)

        def flush(self):
            pass

    call_command("load_real_data", *args, stdout=Out(), **options)
    return "".join(out)


def edit_in_the_admin(user, cluster, **changes):
    client = Client()
    client.force_login(user)
    url = admin_url(Cluster, "change", cluster.pk)
    data = change_form_data(client.get(url))
    # the admin edits each translated field in both languages: the Polish one is what is loaded
    data.update(
        {f"{name}_pl" if f"{name}_pl" in data else name: value for name, value in changes.items()}
    )
    assert client.post(url, data).status_code == 302


@pytest.fixture
def fixtures_copy(tmp_path, monkeypatch):
    """The real fixtures in a folder of the test's own, to change as a new release would."""
    for name in [*load_real_data.FIXTURES, load_real_data.ENGLISH]:
        shutil.copy(load_real_data.FIXTURE_DIR / f"{name}.json", tmp_path)
    monkeypatch.setattr(load_real_data, "FIXTURE_DIR", tmp_path)
    return tmp_path


def change_fixture(folder, slug, **fields):
    path = folder / "clusters.json"
    rows = json.loads(path.read_text(encoding="utf-8"))
    for row in rows:
        if row["model"] == "clusters.cluster" and row["fields"]["slug"] == slug:
            row["fields"].update(fields)
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")


def fixture_rows(folder):
    return sum(
        len(json.loads((folder / f"{name}.json").read_text(encoding="utf-8")))
        for name in load_real_data.FIXTURES
    )


@pytest.mark.django_db
def test_an_edit_made_in_the_admin_survives_the_loader(fixtures_copy):
    assert f"{fixture_rows(fixtures_copy)} created" in load()
    cluster = Cluster.objects.get(slug=MEDYCYNA)
    office = factories.office_user("biuro-medycyna", clusters=[cluster])
    edit_in_the_admin(office, cluster, description=EDIT)
    # The next release changes the same text in the fixtures, and another cluster's too.
    change_fixture(fixtures_copy, MEDYCYNA, description="Nowy opis z danych źródłowych.")
    other = Cluster.objects.exclude(slug=MEDYCYNA).first()
    change_fixture(fixtures_copy, other.slug, phone="+48 81 111 11 11")

    output = load()

    cluster.refresh_from_db()
    assert cluster.description == EDIT
    assert list(cluster.staff.all()) == [office]
    other.refresh_from_db()
    assert other.phone == "+48 81 111 11 11"  # nobody edited it: the fixtures' update lands
    assert (
        f"0 created, 1 updated, {fixture_rows(fixtures_copy) - 2} unchanged, 1 kept as edited"
        in output
    )
    assert f"kept: klaster: {cluster.name}" in output


@pytest.mark.django_db
def test_a_row_deleted_in_the_admin_is_not_brought_back(fixtures_copy):
    load()
    event = Event.objects.first()
    admin = Client()
    admin.force_login(factories.directory_admin())
    admin.post(admin_url(Event, "delete", event.pk), {"post": "yes"})
    assert not Event.objects.filter(pk=event.pk).exists()

    output = load()

    assert not Event.objects.filter(name=event.name).exists()
    assert "1 kept as edited" in output


@pytest.mark.django_db
def test_rows_loaded_before_the_loader_kept_records_are_never_overwritten(fixtures_copy):
    load()
    from clusters.models import LoadedRow

    LoadedRow.objects.all().delete()  # as after an older loader
    Cluster.objects.filter(slug=MEDYCYNA).update(description=EDIT)

    output = load()

    assert Cluster.objects.get(slug=MEDYCYNA).description == EDIT
    assert f"0 updated, {fixture_rows(fixtures_copy) - 1} unchanged, 1 kept" in output
    assert LoadedRow.objects.count() == fixture_rows(fixtures_copy) - 1  # the edited one aside


@pytest.mark.django_db
def test_reset_lists_what_it_overwrites_and_asks(fixtures_copy, monkeypatch):
    load()
    cluster = Cluster.objects.get(slug=MEDYCYNA)
    edit_in_the_admin(factories.directory_admin(), cluster, description=EDIT)
    original = json.loads((fixtures_copy / "clusters.json").read_text(encoding="utf-8"))
    fixture_text = next(
        row["fields"]["description"] for row in original if row["fields"].get("slug") == MEDYCYNA
    )

    monkeypatch.setattr("builtins.input", lambda prompt: "nie")
    with pytest.raises(CommandError, match="nothing was loaded"):
        load("--reset")
    assert Cluster.objects.get(pk=cluster.pk).description == EDIT

    output = load("--reset", "--noinput")
    assert "--reset will overwrite 1 rows changed in the admin:" in output
    assert f"klaster: {cluster.name}" in output
    assert Cluster.objects.get(pk=cluster.pk).description == fixture_text
    # From now on the row is the fixtures' again, and later runs keep it in step.
    assert f"0 updated, {fixture_rows(fixtures_copy)} unchanged, 0 kept" in load()
