"""A cluster's member list: the file an office exports, edits and imports back.

Our own small importer (django-import-export does not declare support for our Django); reading a
CSV or XLSX file into rows is ``import_files``'s, so nothing here knows the format. :func:`plan`
takes those rows and says, row by row, what applying them would do and what is wrong with them,
and writes nothing; :func:`apply` writes a plan without errors in one transaction and one
revision (history). Both have a ``*_steps`` generator form that reports progress as it goes, for
the page that shows a long import's progress. The target cluster is never read from the file:
the caller passes one of the user's own clusters.

A row is an organisation's place in the cluster. It is matched to a listed organisation by name or
alias, case and diacritics ignored, so an import never duplicates one. An organisation whose record
the user does not edit (another office's) keeps its record as it is and joins only as a member
(``members.ownership``). An empty cell clears the field (that is what deleting it in a spreadsheet
means); the name is the key and is never rewritten.
"""

import functools
from dataclasses import dataclass, field

import reversion
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from core.constraints import FIRST_PLAUSIBLE_YEAR, LAST_PLAUSIBLE_YEAR
from core.data_version import data_changed
from core.permissions import edits_everything
from core.text import polish_slug, polish_sorted

from .import_files import fold
from .models import MemberOrganisation, Membership, MembershipRole, OrganisationType, Voivodeship
from .name_copies import refresh_name_copies
from .visibility import refresh_listed

# (key, Polish header); the file's columns in this order on export and in the template.
COLUMNS = (
    ("name", gettext_lazy("nazwa organizacji")),
    ("organisation_type", gettext_lazy("rodzaj")),
    ("city", gettext_lazy("miejscowość")),
    ("voivodeship", gettext_lazy("województwo")),
    ("country", gettext_lazy("państwo")),
    ("website", gettext_lazy("strona internetowa")),
    ("role", gettext_lazy("rola")),
    ("since_year", gettext_lazy("rok przystąpienia")),
)
ORGANISATION_FIELDS = ("organisation_type", "city", "voivodeship", "country", "website")
ROLE_SEPARATOR = ","
NAME_MAX_LENGTH = MemberOrganisation._meta.get_field("name").max_length
WEBSITE_MAX_LENGTH = MemberOrganisation._meta.get_field("website").max_length
# Progress is reported after each chunk of this many rows (or history records).
PROGRESS_EVERY = 500


@dataclass
class RowPlan:
    line: int
    name: str
    action: str = "unchanged"  # "create", "update", "unchanged" or "error"
    changes: list = field(default_factory=list)  # (column label, old, new)
    errors: list = field(default_factory=list)  # (column label, message)
    notes: list = field(default_factory=list)
    organisation: MemberOrganisation | None = None
    values: dict = field(default_factory=dict)
    roles: tuple = ()
    since_year: int | None = None


@dataclass
class Plan:
    cluster: object
    rows: list

    @property
    def errors(self):
        return [(row.line, column, message) for row in self.rows for column, message in row.errors]

    def count(self, action):
        return sum(row.action == action for row in self.rows)


def _choice_lookup(choices):
    lookup = {}
    for value, label in choices:
        lookup[fold(value)] = value
        lookup[fold(str(label))] = value
    return lookup


@functools.lru_cache(maxsize=512)
def _country(value):
    """The code of a country given by code or by Polish or English name (the lookup walks every
    country's translated name: cached, as a file repeats a handful of countries)."""
    if len(value) == 2 and value.upper() in countries:
        return value.upper()
    with translation.override("pl"):
        code = countries.by_name(value, language="pl")
    return code or countries.by_name(value) or None


def _role_label(roles):
    return f"{ROLE_SEPARATOR} ".join(str(MembershipRole(role).label) for role in roles)


def _display(key, value):
    if value in ("", None):
        return "—"
    if key == "organisation_type":
        return str(OrganisationType(value).label)
    if key == "voivodeship":
        return str(Voivodeship(value).label)
    if key == "country":
        return str(countries.name(value)) or value
    if key == "role":
        return _role_label(value)
    return str(value)


def _column_order():
    """A sort key putting a row's changes in the file's column order."""
    order = {str(label): number for number, (_key, label) in enumerate(COLUMNS)}
    return lambda change: order[change[0]]


class _Index:
    """Every listed organisation by folded name and alias, read in one query."""

    def __init__(self):
        self.by_key = {}
        for organisation in MemberOrganisation.objects.all():
            keys = {fold(organisation.name)} | {fold(a) for a in organisation.alias_list()}
            for key in keys:
                self.by_key.setdefault(key, set()).add(organisation)

    def find(self, name):
        return self.by_key.get(fold(name), set())


def _existing_roles(cluster):
    """{organisation pk: {role: membership}} for the cluster's memberships, in one query."""
    roles = {}
    for membership in Membership.objects.filter(cluster=cluster):
        roles.setdefault(membership.organisation_id, {})[membership.role] = membership
    return roles


def exported_year(memberships):
    years = [m.since_year for m in memberships if m.since_year is not None]
    return min(years) if years else None


def run(steps):
    """Drive a ``*_steps`` generator to its end, ignoring its progress; return its result."""
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value


def plan(table, cluster, user):
    """What importing ``table`` (``import_files.Table``) into ``cluster`` would do. Writes nothing."""
    return run(plan_steps(table, cluster, user))


def plan_steps(table, cluster, user):
    """:func:`plan` yielding ``("check", rows done, rows)`` after each chunk of rows."""
    present, rows = table.columns, table.rows
    total = len(rows)
    column_order = _column_order()
    labels = dict(COLUMNS)
    types = _choice_lookup(OrganisationType.choices)
    voivodeships = _choice_lookup(Voivodeship.choices)
    role_choices = _choice_lookup(MembershipRole.choices)
    index = _Index()
    existing = _existing_roles(cluster)
    everything = edits_everything(user)
    editable = (
        None
        if everything
        else set(MemberOrganisation.objects.for_staff(user).values_list("pk", flat=True))
    )
    # An office links organisations it may pick (public ones and its own); another office's
    # unpublished one is neither shown nor linked, and its name is not created a second time.
    visible = (
        None
        if everything
        else set(MemberOrganisation.objects.for_staff_choices(user).values_list("pk", flat=True))
    )
    url = URLValidator()
    seen = {}
    result = []
    for done, source in enumerate(rows):
        if done and not done % PROGRESS_EVERY:
            yield ("check", done, total)
        cells = dict(source.cells)
        row = RowPlan(line=source.line, name=cells.get("name", ""))

        def error(key, message, row=row):
            row.errors.append((str(labels[key]), message))

        # A cell the spreadsheet could not give as text (a formula, a date for a year...) is
        # reported as it is and read as empty, which adds no second error for it.
        for key, message in source.problems.items():
            error(key, message)
            cells[key] = ""
        values = {}
        if "name" in source.problems:
            pass
        elif not row.name:
            error("name", _("Brak wymaganej wartości: nazwa organizacji."))
        elif len(row.name) > NAME_MAX_LENGTH:
            error(
                "name",
                _("Nazwa jest dłuższa niż %(max)d znaków.") % {"max": NAME_MAX_LENGTH},
            )
        elif fold(row.name) in seen:
            error(
                "name",
                _("Ta sama organizacja jest już w wierszu %(line)d.")
                % {"line": seen[fold(row.name)]},
            )
        matches = index.find(row.name) if row.name else set()
        if visible is not None and any(match.pk not in visible for match in matches):
            error(
                "name",
                _(
                    "Organizacja o tej nazwie jest już w katalogu, ale nie możesz jej dołączyć "
                    "(jej klaster nie jest opublikowany). Napisz do administratorów katalogu."
                ),
            )
            matches = set()
        elif len(matches) > 1:
            error(
                "name",
                _("Nazwa pasuje do kilku organizacji: %(names)s.")
                % {"names": ", ".join(polish_sorted(m.name for m in matches))},
            )
        organisation = next(iter(matches)) if len(matches) == 1 else None
        if organisation is not None:
            # Two rows naming the same organisation (one by its alias) are duplicates too.
            if organisation.pk in seen and fold(row.name) not in seen:
                error(
                    "name",
                    _("Ta sama organizacja jest już w wierszu %(line)d.")
                    % {"line": seen[organisation.pk]},
                )
            seen.setdefault(organisation.pk, row.line)
        if row.name:
            seen.setdefault(fold(row.name), row.line)

        for key, lookup in (("organisation_type", types), ("voivodeship", voivodeships)):
            if key in present:
                cell = cells.get(key, "")
                values[key] = lookup.get(fold(cell), None) if cell else ""
                if values[key] is None:
                    message = (
                        _("Nieznany rodzaj „%(value)s”.")
                        if key == "organisation_type"
                        else _("Nieznane województwo „%(value)s”.")
                    )
                    error(key, message % {"value": cell})
        if "city" in present:
            values["city"] = cells.get("city", "")[:100]
        if "country" in present:
            cell = cells.get("country", "")
            values["country"] = _country(cell) if cell else ""
            if values["country"] is None:
                error("country", _("Nieznane państwo „%(value)s”.") % {"value": cell})
        if values.get("voivodeship") and values.get("country", "PL") not in ("", "PL"):
            error("voivodeship", _("Województwo można podać tylko dla organizacji z Polski."))
        elif values.get("voivodeship") and not values.get("country"):
            values["country"] = "PL"  # a voivodeship is in Poland
        if "website" in present:
            values["website"] = cells.get("website", "")
            if values["website"]:
                try:
                    url(values["website"])
                    if len(values["website"]) > WEBSITE_MAX_LENGTH:
                        raise ValidationError("too long")
                except ValidationError:
                    error("website", _("To nie jest adres strony (np. https://example.pl)."))

        roles = ()
        cell = cells.get("role", "") if "role" in present else ""
        if cell:
            parsed = [role_choices.get(fold(part)) for part in cell.split(ROLE_SEPARATOR)]
            if None in parsed:
                error("role", _("Nieznana rola „%(value)s”.") % {"value": cell})
            else:
                roles = tuple(dict.fromkeys(parsed))
        current = existing.get(organisation.pk, {}) if organisation else {}
        if not roles and not row.errors:
            roles = tuple(current) or (MembershipRole.MEMBER,)

        year = None
        year_cell = cells.get("since_year", "") if "since_year" in present else ""
        if year_cell:
            try:
                year = int(year_cell)
            except ValueError:
                year = None
            if year is None or not FIRST_PLAUSIBLE_YEAR <= year <= LAST_PLAUSIBLE_YEAR:
                error("since_year", _("Podaj rok między 1900 a 2100."))

        edits = organisation is None or everything or organisation.pk in editable
        new_roles = set(roles) - set(current)
        if not edits and new_roles - {MembershipRole.MEMBER}:
            error(
                "role",
                _(
                    "Organizację „%(name)s” prowadzi biuro innego klastra: możesz ją dołączyć do "
                    "swojego klastra tylko jako członka."
                )
                % {"name": organisation.name},
            )

        if row.errors:
            row.action = "error"
            result.append(row)
            continue

        row.organisation, row.values, row.roles, row.since_year = organisation, values, roles, year
        if organisation is None:
            row.action = "create"
            row.changes = [
                (str(labels[key]), "—", _display(key, value))
                for key, value in values.items()
                if value
            ]
            row.changes.append((str(labels["role"]), "—", _display("role", roles)))
            if year is not None:
                row.changes.append((str(labels["since_year"]), "—", str(year)))
            row.changes.sort(key=column_order)
            result.append(row)
            continue
        differing = [key for key, value in values.items() if getattr(organisation, key) != value]
        if differing and not edits:
            row.notes.append(
                _("Dane organizacji prowadzi biuro innego klastra: zmiany w jej polach pominięto.")
            )
            row.values = values = {}
            differing = []
        for key in differing:
            row.changes.append(
                (
                    str(labels[key]),
                    _display(key, getattr(organisation, key)),
                    _display(key, values[key]),
                )
            )
        if set(roles) != set(current):
            row.changes.append(
                (
                    str(labels["role"]),
                    _display("role", tuple(current)),
                    _display("role", roles),
                )
            )
        if "since_year" in present and year != exported_year(current.values()):
            row.changes.append(
                (
                    str(labels["since_year"]),
                    _display("since_year", exported_year(current.values())),
                    _display("since_year", year),
                )
            )
        else:
            row.since_year = ...  # unchanged: each membership keeps its own year
        row.changes.sort(key=column_order)
        row.action = "update" if row.changes else "unchanged"
        result.append(row)
    yield ("check", total, total)
    return Plan(cluster=cluster, rows=result)


def _unique_slug(name, taken):
    base = polish_slug(name)[:190] or "organizacja"
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    taken.add(slug)
    return slug


def apply(import_plan, user):
    """Write ``import_plan`` (which must have no errors): all of it, or nothing."""
    return run(apply_steps(import_plan, user))


def apply_steps(import_plan, user):
    """:func:`apply` yielding ``("write", 1, 1)`` once the rows are written, then
    ``("history", records done, records)`` while the history revision is made, and
    ``("finish", 1, 1)`` before the revision is saved and the transaction committed.

    Everything happens in one transaction, which the generator holds open between its steps:
    it must be driven to its end (as :func:`run` and the streamed page do); closed half-way, it
    rolls everything back.
    """
    if import_plan.errors:
        raise ValueError("a plan with errors is not applied")
    cluster = import_plan.cluster
    everything = edits_everything(user)
    editable = (
        None
        if everything
        else set(MemberOrganisation.objects.for_staff(user).values_list("pk", flat=True))
    )
    now = timezone.now()
    with transaction.atomic(), reversion.create_revision():
        # bulk_create and bulk_update send no signals: the cached pages are retired here, on commit.
        data_changed()
        reversion.set_user(user)
        reversion.set_comment(_("Import listy członków klastra %(cluster)s") % {"cluster": cluster})
        taken = set(MemberOrganisation.objects.values_list("slug", flat=True))
        new = []
        for row in import_plan.rows:
            if row.action == "create":
                row.organisation = MemberOrganisation(
                    name=row.name, slug=_unique_slug(row.name, taken), **row.values
                )
                new.append(row.organisation)
        MemberOrganisation.objects.bulk_create(new)
        changed = []
        for row in import_plan.rows:
            if row.action == "update" and row.values:
                organisation = row.organisation
                if any(getattr(organisation, k) != v for k, v in row.values.items()):
                    for key, value in row.values.items():
                        setattr(organisation, key, value)
                    organisation.updated_at = now
                    changed.append(organisation)
        MemberOrganisation.objects.bulk_update(changed, [*ORGANISATION_FIELDS, "updated_at"])

        existing = _existing_roles(cluster)
        to_create, to_update, to_delete = [], [], []
        for row in import_plan.rows:
            if row.action not in ("create", "update"):
                continue
            organisation = row.organisation
            current = existing.get(organisation.pk, {})
            linked = not (everything or row.action == "create" or organisation.pk in editable)
            for role in row.roles:
                membership = current.get(role)
                if membership is None:
                    year = None if row.since_year is ... else row.since_year
                    to_create.append(
                        Membership(
                            organisation=organisation,
                            cluster=cluster,
                            role=role,
                            since_year=year,
                            linked_by_office=linked and role == MembershipRole.MEMBER,
                        )
                    )
                elif row.since_year is not ... and membership.since_year != row.since_year:
                    membership.since_year = row.since_year
                    to_update.append(membership)
            to_delete += [m.pk for role, m in current.items() if role not in row.roles]
        Membership.objects.filter(pk__in=to_delete).delete()
        Membership.objects.bulk_create(to_create)
        Membership.objects.bulk_update(to_update, ["since_year"])
        yield ("write", 1, 1)
        # Bulk writes send no save signals: the revision is told about every row written. Its
        # serialiser reads each organisation's specialisations: one query for all (not one per
        # row). A new one's empty set is prefetched too rather than faked with ``none()``: the
        # serialiser would run that empty queryset through the SQL compiler for every row,
        # which made history about 2.5 times slower per organisation.
        prefetch_related_objects([*new, *changed], "specialisations")
        # Serialising each record is most of an import's time: progress is told as it goes.
        recorded = (*new, *changed, *to_create, *to_update)
        for done, obj in enumerate(recorded):
            if not done % (2 * PROGRESS_EVERY):
                yield ("history", done, len(recorded))
            reversion.add_to_revision(obj)
        # What is kept from other rows, for the organisations written (bulk writes send no
        # signals): their names on the new memberships, and whom visitors see, last, as the lock
        # it takes (members.visibility) is held until the import commits.
        written = [
            row.organisation.pk for row in import_plan.rows if row.action in ("create", "update")
        ]
        refresh_name_copies(written)
        refresh_listed(written)
        # Leaving the block saves the versions and commits: said before it starts.
        yield ("finish", 1, 1)
    return {"organisations": len(new) + len(changed), "memberships": len(to_create + to_update)}


def export_rows(cluster):
    """The header and one row per organisation of ``cluster``, as :func:`plan` reads them."""
    yield [str(label) for _key, label in COLUMNS]
    memberships = (
        Membership.objects.filter(cluster=cluster)
        .select_related("organisation")
        .order_by("organisation__name", "role")
    )
    by_organisation = {}
    for membership in memberships:
        by_organisation.setdefault(membership.organisation, []).append(membership)
    for organisation, rows in by_organisation.items():
        yield [
            organisation.name,
            organisation.get_organisation_type_display(),
            organisation.city,
            organisation.get_voivodeship_display(),
            str(organisation.country.name) if organisation.country else "",
            organisation.website,
            _role_label([m.role for m in rows]),
            exported_year(rows) or "",
        ]
