"""A listing's choice filters as options with counts, and its active filters as removable chips."""

import functools
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, QuerySet
from django.utils.html import escape

from .filtersets import matches_typed_text
from .memo import per_data_version

# Above this many options a filter leaves out those that would show no row.
LONG_LIST = 12


@dataclass(slots=True)
class Option:
    value: str
    label: str
    selected: bool
    count: int | None = None
    # the value and the label escaped for HTML (core/templatetags/facet_options.py), kept with
    # the options of the data version so that a page does not escape them again
    value_html: str = ""
    label_html: str = ""

    @property
    def leads_nowhere(self):
        """Choosing it would show no row (with the other filters kept): the page shows it disabled,
        unless it is chosen, so that it can be unticked."""
        return self.count == 0


@dataclass
class OptionGroup:
    label: str
    options: list[Option]

    @property
    def selected_count(self):
        return sum(option.selected for option in self.options)

    @property
    def any_selected(self):
        return self.selected_count > 0


@dataclass
class Facet:
    """A choice filter, its options (grouped where the filter says so) and their counts."""

    name: str
    label: str
    field: forms.BoundField
    multiple: bool
    groups: list[OptionGroup] = field(default_factory=list)
    hint: str = ""  # what the filter means, from the filter's help_text

    @property
    def options(self):
        return [option for group in self.groups for option in group.options]

    @property
    def offers_a_choice(self):
        """Whether any option would narrow the list: false when every row has the same value
        (all 23 clusters "not yet assessed"), so the page can leave the filter out."""
        if self.field.errors or any(o.selected or o.count is None for o in self.options):
            return True
        return sum(1 for option in self.options if option.count) > 1

    @property
    def grouped(self):
        return any(group.label for group in self.groups)

    @property
    def shown_groups(self):
        """The groups and options the form offers: in a long list (over LONG_LIST options) those
        that lead nowhere are left out, unless chosen; a short list shows them disabled, so that
        a visitor sees the value exists."""
        if len(self.options) <= LONG_LIST:
            return self.groups
        shown = []
        for group in self.groups:
            options = [o for o in group.options if o.selected or not o.leads_nowhere]
            if options:
                shown.append(OptionGroup(label=group.label, options=options))
        return shown


@dataclass
class Chip:
    """An active filter value; ``params`` is what `{% querystring %}` changes to remove it."""

    label: str
    value: str
    params: dict


def _raw_values(bound_field):
    value = bound_field.value()
    if value in (None, ""):
        return []
    if isinstance(value, list | tuple):
        return [str(v) for v in value if v not in (None, "")]
    return [str(value)]


def _choices(form_field, filter_):
    """(value, label, group label) of each real option of a choice field."""
    if isinstance(form_field, forms.ModelChoiceField):
        key = form_field.to_field_name or "pk"
        group_by = getattr(filter_, "group_by", None)
        for obj in form_field.queryset:
            group = str(getattr(obj, group_by)) if group_by else ""
            yield str(getattr(obj, key)), form_field.label_from_instance(obj), group
        return
    for value, label in form_field.choices:
        if value not in (None, ""):
            yield str(value), str(label), ""


def filter_choices(filterset, name, version=None):
    """(value, label, group label, value escaped, label escaped) of each option of filter
    ``name``: the same for every request until the data changes, so built once per data version
    and language (``memo.per_data_version``)."""

    def compute():
        return [
            (value, label, group, escape(value), escape(label))
            for value, label, group in _choices(
                filterset.form.fields[name], filterset.filters[name]
            )
        ]

    cls = type(filterset)
    return per_data_version(("choices", cls.__module__, cls.__qualname__, name), compute, version)


def build_facet(filterset, name, counts=None, version=None):
    """The options of filter ``name`` with, when ``counts`` is given, how many rows each would give."""
    bound_field = filterset.form[name]
    form_field = bound_field.field
    selected = set(_raw_values(bound_field))
    facet = Facet(
        name=name,
        label=str(form_field.label),
        field=bound_field,
        multiple=isinstance(form_field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField),
        hint=str(form_field.help_text or ""),
    )
    # hundreds of options per request (specialisations, countries): the loop stays lean
    groups = {}
    current_label, current = None, None
    count_of = (lambda value: None) if counts is None else (lambda value: counts.get(value, 0))
    for value, label, group, value_html, label_html in filter_choices(filterset, name, version):
        if current is None or group != current_label:
            current = groups.get(group)
            if current is None:
                current = groups[group] = OptionGroup(label=group, options=[])
            current_label = group
        current.options.append(
            Option(value, label, value in selected, count_of(value), value_html, label_html)
        )
    facet.groups = list(groups.values())
    return facet


def filter_all_but(filterset, queryset, skipped):
    """``queryset`` narrowed by every valid filter of ``filterset`` except ``skipped``."""
    for name, value in filterset.form.cleaned_data.items():
        if name != skipped:
            queryset = filterset.filters[name].filter(queryset, value)
    return queryset


def _to_many(model, lookup):
    """How to count ``lookup`` where it crosses a to-many relation of ``model``: (the related rows
    visitors see, the field of theirs naming the row, the value's lookup from them, whether one row
    can hold one value several times); None when the value is the row's own (or a to-one relation's).
    """
    first, _sep, rest = lookup.partition("__")
    try:
        field = model._meta.get_field(first)
    except FieldDoesNotExist:  # an annotation of the rows (``place``, ``evidence_recency``)
        return None
    if field.many_to_many and not field.auto_created:  # a ManyToManyField of the model
        through = field.remote_field.through
        value = (
            f"{field.m2m_reverse_field_name()}__{rest}" if rest else field.m2m_reverse_field_name()
        )
        # the through table holds each (row, value) pair once
        return through._default_manager.all(), field.m2m_field_name(), value, False
    if field.one_to_many:  # rows pointing at the model (memberships, partner countries)
        related = field.related_model._default_manager.all()
        if hasattr(related, "public"):
            related = related.public()
        return related, field.field.name, rest or "pk", True
    return None


@functools.cache
def own_value(model, lookup):
    """Whether ``lookup`` is a value of the row itself (a column, an annotation, a to-one
    relation's field): one per row, so several such facets can be counted in one grouped query.
    Kept per model and lookup: it follows from the models alone, and asking it built the related
    rows' queryset (``_to_many``), for each facet on every request."""
    return _to_many(model, lookup) is None


def grouped_counts(rows, lookup, restrict=None, *, estimable=False):
    """{value: number of ``rows``} for each value of ``lookup``, in one grouped query.

    A value across a to-many relation is grouped on the table that holds it (a through table,
    memberships), restricted to ``rows`` by one ``IN (SELECT id ...)``: no join back to the rows'
    table and, where a row cannot repeat, no ``DISTINCT``. When ``rows`` are every row visitors
    see, ``restrict(related, row_field)`` may say so without reading the rows' table (all
    organisations but the few hidden ones). ``estimable``: PostgreSQL can tell how many rows the
    filters of ``rows`` leave (see below).
    """
    path = _to_many(rows.model, lookup)
    if path is None:
        grouped = rows.order_by().values_list(lookup).annotate(rows=Count("pk"))
        return {str(value): n for value, n in grouped if value not in (None, "")}
    related, row_field, value, repeats = path
    keyed = _keyed_by_id(related.model, value)
    group_on = keyed[0] if keyed else value
    if restrict is not None:  # ``rows`` are every visible row: ``restrict`` says it cheaper
        related = restrict(related, row_field)
    else:
        related = related.filter(**{f"{row_field}__in": rows.order_by().values("pk")})
    if restrict is not None or estimable:
        # rows without a value are not counted: left out before grouping (most memberships are
        # in a cluster of no ecosystem: the filtered organisations' ecosystems are then read
        # from the few clusters that have one, 57-83 -> 33-37 ms for ?type=enterprise&place=
        # lublin). Not when PostgreSQL cannot tell how many rows the filters leave (a text
        # query's match: 41 organisations expected, 7,767 found): the extra condition tipped it
        # into a nested loop comparing each with every cluster of an ecosystem (5.6 million
        # comparisons, 0.99 s against 0.64 without it).
        related = related.filter(**{f"{group_on}__isnull": False})
    grouped = dict(
        related.order_by().values_list(group_on).annotate(rows=Count(row_field, distinct=repeats))
    )
    if keyed:
        _path, model, field = keyed
        values = _values_by_id(model, field, [key for key in grouped if key is not None])
        grouped = {values.get(key): n for key, n in grouped.items()}
    return {str(value): n for value, n in grouped.items() if value not in (None, "")}


def _values_by_id(model, field, ids):
    """{pk: ``field``} of ``model``'s rows, for at least ``ids``: every row's, read once per data
    version (a few hundred specialisations, a few ecosystems), or afresh for rows written since."""

    def read(rows):
        return dict(rows.values_list("pk", field))

    # a plain QuerySet: the column itself, as the join it replaces reads it (a manager patched by
    # django-modeltranslation would read a translated field in the page's language)
    table = per_data_version(
        ("values by id", model._meta.label, field), lambda: read(QuerySet(model))
    )
    if any(key not in table for key in ids):
        table = read(QuerySet(model).filter(pk__in=ids))
    return table


def _keyed_by_id(model, value):
    """(the lookup of the id, the model, the field) when ``value`` is a unique field of a row
    ``model`` points to (``specialisation__slug``, ``cluster__ecosystem__slug``): grouped on the
    id, the grouped query leaves that table out, and the few ids found are named afterwards (the
    232,000 specialisations of 200,000 organisations: 28 against 42 ms with the join). None for
    any other ``value``."""
    path, _sep, field_name = value.rpartition("__")
    if not path:
        return None
    target = model
    for part in path.split("__"):
        try:
            target = target._meta.get_field(part).related_model
        except FieldDoesNotExist:
            return None
        if target is None:
            return None
    try:
        field = target._meta.get_field(field_name)
    except FieldDoesNotExist:
        return None
    if field.primary_key or not field.unique or field.null:
        return None
    return path, target, field_name


def facet_counts(filterset, name, lookup, count_queryset, restrict=None):
    """{value: rows} — how many rows each value of ``lookup`` would give with the other filters kept.

    One grouped query per facet, whatever the number of rows or options. ``restrict``: given when
    no other filter is chosen, see ``grouped_counts``.
    """
    rows = filter_all_but(filterset, count_queryset, name)
    return grouped_counts(rows, lookup, restrict, estimable=_estimable(filterset, name))


def _estimable(filterset, skipped):
    """Whether PostgreSQL can estimate how many rows the chosen filters but ``skipped`` leave: not
    when one of them matches typed text (a ``CharFilter``: the listing's ``q``, a cluster's name),
    a pattern over several columns it has no statistics for."""
    return not any(
        value not in (None, "") and matches_typed_text(filterset.filters[name])
        for name, value in filterset.form.cleaned_data.items()
        if name != skipped
    )


def active_chips(filterset, names):
    """One removable chip per chosen value of each filter in ``names`` (in that order); a value
    sent twice is one chip (forty copies of one status made a page of 432 KB)."""
    chips = []
    for name in names:
        bound_field = filterset.form[name]
        filter_ = filterset.filters[name]
        default = getattr(filter_, "default", None)
        values = list(dict.fromkeys(v for v in _raw_values(bound_field) if v != default))
        qualified = getattr(filter_, "qualifies", None)
        if not values or (qualified and not _raw_values(filterset.form[qualified])):
            continue
        form_field = bound_field.field
        if isinstance(form_field, forms.ChoiceField | forms.ModelChoiceField):
            labels = {choice[0]: choice[1] for choice in filter_choices(filterset, name)}
        else:
            labels = {}
        describe = getattr(filter_, "describe", None)
        for value in values:
            remaining = [v for v in values if v != value] or None
            chips.append(
                Chip(
                    label=str(form_field.label),
                    value=describe(value) if describe else labels.get(value, value),
                    params={name: remaining, "page": None},
                )
            )
    return chips
