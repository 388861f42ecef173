"""Loading the real data without ever losing an edit made in the admin (``load_real_data``).

Every row the loader writes is recorded in ``LoadedRow`` by its natural key, with a fingerprint of
its values as they stood after the write. On the next run, for each row of the fixtures:

- no such row and no record: it is new, **created**;
- a record, and the row still has the recorded fingerprint: nobody edited it, so it takes the
  fixtures' values (**updated**, or **unchanged** when they are the same);
- a record, and the row's values differ from it: someone edited it, it is **kept**;
- a record but no row under that natural key: it was deleted (or its slug renamed) in the admin,
  it is **kept** away (not re-created);
- a row and no record (loaded by an older loader, or added by hand): it is updated only if that
  changes nothing, otherwise **kept**, since nothing proves its values are the fixtures' old ones;
- a row referring to something removed in the admin (its cluster, a specialisation) is **kept**
  away too.

``reset=True`` writes every row whatever happened to it: the command lists those rows first and
asks. The fingerprint covers every stored field except automatic timestamps and what the directory
derives from other rows (a model's ``DERIVED_FIELDS``), plus the many-to-many fields the fixtures
set (a cluster's specialisations; not its office accounts, which stay).

English content lives in a file of its own (``fixtures/english.json``: model → row → ``<field>_en``),
laid over each fixture row before it is loaded, so the English is loaded, fingerprinted and kept
when edited exactly as the Polish is, while the Polish fixtures stay as they are.
"""

import hashlib
import json
from dataclasses import dataclass, field

import reversion
from django.core import serializers
from django.db import transaction

from clusters.models import LoadedRow
from core.data_version import data_changed


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: list[str] = field(default_factory=list)  # what the fixtures would have overwritten


def fingerprint(instance, m2m_names) -> str:
    """A digest of ``instance``'s stored values (read from the database)."""
    values = {
        f.attname: f.value_to_string(instance)
        for f in instance._meta.concrete_fields
        if not (
            f.primary_key
            or getattr(f, "auto_now", False)
            or getattr(f, "auto_now_add", False)
            or f.attname in getattr(instance, "DERIVED_FIELDS", ())
        )
    }
    for name in sorted(m2m_names):
        values[name] = sorted(getattr(instance, name).values_list("pk", flat=True))
    text = json.dumps(values, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _stored(model, pk, m2m_names):
    return fingerprint(model._base_manager.get(pk=pk), m2m_names)


def _describe(instance):
    return f"{instance._meta.verbose_name}: {instance}"


def _record_version(instance):
    """A version in the back office's history for a row the loader wrote (and only then: a row
    it put back after finding an edit is not what the database holds)."""
    if reversion.is_registered(type(instance)):
        reversion.add_to_revision(instance)


def _load_object(deserialized, report, reset, records):
    """Write one fixture row as the module docstring says; return its LoadedRow, or None."""
    instance = deserialized.object
    model = type(instance)
    m2m_names = list(deserialized.m2m_data)
    if deserialized.deferred_fields:
        # A row it points to is gone (removed or renamed in the admin): nothing to attach it to.
        missing = ", ".join(str(value) for value in deserialized.deferred_fields.values())
        report.kept.append(f"{model._meta.verbose_name} ({missing})")
        return None
    key = json.dumps(instance.natural_key(), ensure_ascii=False, default=str)
    label = model._meta.label_lower
    record = records.get((label, key))

    if instance.pk is None:
        if record is not None and not reset:
            report.kept.append(_describe(instance))  # deleted or renamed since it was loaded
            return None
        deserialized.save()
        after = _stored(model, instance.pk, m2m_names)
        report.created += 1
        _record_version(instance)
    else:
        before = _stored(model, instance.pk, m2m_names)
        if record is not None and record.fingerprint != before and not reset:
            report.kept.append(_describe(instance))
            return None
        savepoint = transaction.savepoint_create()
        deserialized.save()
        after = _stored(model, instance.pk, m2m_names)
        if record is None and after != before and not reset:
            # Not ours to judge: it may hold an edit made before the loader kept records.
            transaction.savepoint_rollback(savepoint)
            report.kept.append(_describe(instance))
            return None
        transaction.savepoint_commit(savepoint)
        if after == before:
            report.unchanged += 1
        else:
            report.updated += 1
            _record_version(instance)
    return LoadedRow(model=label, natural_key=key, fingerprint=after)


def overlay_key(fields):
    """How ``fixtures/english.json`` names a fixture row: its slug; for a row of a cluster without
    one, "<cluster slug>/<its Polish name or label>" (an event, a project, a key figure) or
    "<cluster slug>/<year>/<source slug>" (a member report)."""
    if "slug" in fields:
        return fields["slug"]
    cluster = fields.get("cluster")
    if not cluster:
        return None
    own = fields.get("name") or fields.get("label")
    if own:
        return f"{cluster[0]}/{own}"
    if "as_of_year" in fields:
        return f"{cluster[0]}/{fields['as_of_year']}/{(fields.get('source') or [''])[0]}"
    return None


def with_overlay(rows, overlay):
    """The fixture rows with the overlay's fields (``{"clusters.cluster": {key: {...}}}``) added."""
    for row in rows:
        extra = overlay.get(row["model"], {}).get(overlay_key(row["fields"]))
        if extra:
            row = {**row, "fields": {**row["fields"], **extra}}
        yield row


def read_overlay(path):
    if path is None:
        return {}
    with open(path, encoding="utf-8") as stream:
        return json.load(stream)


def load_fixtures(paths, *, overlay=None, reset=False, dry_run=False) -> LoadReport:
    """Load ``paths`` in order as the module docstring says, each row with its fields from the
    ``overlay`` file (the English content) if any; ``dry_run`` rolls everything back."""
    report = LoadReport()
    extra = read_overlay(overlay)
    with transaction.atomic(), reversion.create_revision(manage_manually=True):
        reversion.set_comment("load_real_data")
        records = {(row.model, row.natural_key): row for row in LoadedRow.objects.all()}
        loaded = []
        for path in paths:
            with open(path, encoding="utf-8") as stream:
                rows = list(with_overlay(json.load(stream), extra))
            for deserialized in serializers.deserialize(
                "python", rows, handle_forward_references=True
            ):
                row = _load_object(deserialized, report, reset, records)
                if row is not None:
                    loaded.append(row)
        # Saves send signals, but an unchanged load saves nothing: say it once, on commit.
        data_changed()
        LoadedRow.objects.bulk_create(
            loaded,
            update_conflicts=True,
            unique_fields=["model", "natural_key"],
            update_fields=["fingerprint", "loaded_at"],
        )
        if dry_run:
            transaction.set_rollback(True)
    return report
