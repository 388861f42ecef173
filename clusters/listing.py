"""The one mechanism behind every filtered listing and its CSV export.

URL → ``FilteredListView`` (or ``FilteredExportView``) → the FilterSet over
``Model.objects.public().with_listing_data()`` → if its form is invalid, the page with the errors and
status 400 → a whitelisted sort → the paginator → the template (partials in ``templates/includes/``).
A subclass states its FilterSet, which filters get facet counts (and the lookup they count), its sort
keys and, for the CSV, its columns. The same FilterSet drives the list, the counts and the CSV.
"""

from dataclasses import dataclass, field

from django import forms
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from clusters.csv_safety import csv_rows

UTF8_BOM = "\ufeff"
CSV_DELIMITER = ";"  # what a spreadsheet set to Polish expects (the comma is its decimal mark)


@dataclass
class Option:
    value: str
    label: str
    selected: bool
    count: int | None = None


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

    @property
    def options(self):
        return [option for group in self.groups for option in group.options]

    @property
    def grouped(self):
        return any(group.label for group in self.groups)


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


def build_facet(filterset, name, counts=None):
    """The options of filter ``name`` with, when ``counts`` is given, how many rows each would give."""
    filter_ = filterset.filters[name]
    bound_field = filterset.form[name]
    form_field = bound_field.field
    selected = set(_raw_values(bound_field))
    facet = Facet(
        name=name,
        label=str(form_field.label),
        field=bound_field,
        multiple=isinstance(form_field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField),
    )
    groups = {}
    for value, label, group in _choices(form_field, filter_):
        count = None if counts is None else counts.get(value, 0)
        option = Option(value=value, label=label, selected=value in selected, count=count)
        groups.setdefault(group, OptionGroup(label=group, options=[])).options.append(option)
    facet.groups = list(groups.values())
    return facet


def filter_all_but(filterset, queryset, skipped):
    """``queryset`` narrowed by every valid filter of ``filterset`` except ``skipped``."""
    for name, value in filterset.form.cleaned_data.items():
        if name != skipped:
            queryset = filterset.filters[name].filter(queryset, value)
    return queryset


def facet_counts(filterset, name, lookup, count_queryset):
    """{value: rows} — how many rows each value of ``lookup`` would give with the other filters kept.

    One grouped query per facet, whatever the number of rows or options.
    """
    others = filter_all_but(filterset, filterset.queryset.all(), name)
    rows = (
        count_queryset.filter(pk__in=others.values("pk"))
        .order_by()
        .values_list(lookup)
        .annotate(rows=Count("pk", distinct=True))
    )
    return {str(value): n for value, n in rows if value not in (None, "")}


def active_chips(filterset, names):
    """One removable chip per chosen value of each filter in ``names`` (in that order)."""
    chips = []
    for name in names:
        bound_field = filterset.form[name]
        filter_ = filterset.filters[name]
        values = [v for v in _raw_values(bound_field) if v != getattr(filter_, "default", None)]
        qualified = getattr(filter_, "qualifies", None)
        if not values or (qualified and not _raw_values(filterset.form[qualified])):
            continue
        form_field = bound_field.field
        if isinstance(form_field, forms.ChoiceField | forms.ModelChoiceField):
            labels = {value: label for value, label, _g in _choices(form_field, filter_)}
        else:
            labels = {}
        for value in values:
            remaining = [v for v in values if v != value] or None
            chips.append(
                Chip(
                    label=str(form_field.label),
                    value=labels.get(value, value),
                    params={name: remaining, "page": None},
                )
            )
    return chips


class FilteredQueryMixin:
    """The FilterSet and the sort a listing and its export share."""

    filterset_class = None
    # key → (label, ordering); only these keys sort, anything else falls back to default_sort.
    sort_options: dict = {}
    default_sort = "name"

    def get_queryset(self):
        return self.filterset_class._meta.model.objects.public().with_listing_data()

    def get_filterset(self):
        return self.filterset_class(
            self.request.GET, queryset=self.get_queryset(), request=self.request
        )

    def get_sort(self):
        key = self.request.GET.get("sort", "")
        return key if key in self.sort_options else self.default_sort

    def get_results(self, filterset):
        return filterset.qs.order_by(*self.sort_options[self.get_sort()][1])


class FilteredListView(FilteredQueryMixin, TemplateView):
    """A listing page: filter form with facet counts, chips, result count, rows, pagination."""

    # filter name → the lookup whose values its options count (one query per facet).
    facets: dict = {}
    # the order of the chips; defaults to the FilterSet's filters.
    chip_filters: tuple = ()
    paginate_by = 25
    export_url_name = None
    count_label = _("Liczba wyników")
    page_title = ""
    page_description = ""

    def get_count_queryset(self):
        """The rows facet counts run over (without the listing's prefetches and annotations)."""
        return self.filterset_class._meta.model.objects.public()

    def get(self, request, *args, **kwargs):
        self.filterset = self.get_filterset()
        valid = self.filterset.is_valid()
        context = self.get_context_data(**kwargs)
        return self.render_to_response(context, status=200 if valid else 400)

    def get_facets(self):
        filterset = self.filterset
        valid = filterset.is_valid()
        count_queryset = self.get_count_queryset()
        return {
            name: build_facet(
                filterset,
                name,
                facet_counts(filterset, name, lookup, count_queryset) if valid else None,
            )
            for name, lookup in self.facets.items()
        }

    def paginate(self, queryset):
        # get_page: a page past the end gives the last page, a malformed number the first.
        return Paginator(queryset, self.paginate_by).get_page(self.request.GET.get("page"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.filterset
        valid = filterset.is_valid()
        page_obj = self.paginate(self.get_results(filterset)) if valid else None
        chip_names = self.chip_filters or tuple(filterset.filters)
        context.update(
            filterset=filterset,
            form=filterset.form,
            facets=self.get_facets(),
            chips=active_chips(filterset, chip_names) if valid else [],
            page_obj=page_obj,
            page_range=(
                page_obj.paginator.get_elided_page_range(page_obj.number) if page_obj else []
            ),
            object_list=page_obj.object_list if page_obj else [],
            result_count=page_obj.paginator.count if page_obj else 0,
            sort_choices=[(key, label) for key, (label, _o) in self.sort_options.items()],
            current_sort=self.get_sort(),
            export_url_name=self.export_url_name,
            list_url=self.request.path,
            count_label=self.count_label,
            # the chosen specialisations, emphasised in the rows
            highlighted=(
                set(_raw_values(filterset.form["specialisation"]))
                if "specialisation" in filterset.form.fields
                else set()
            ),
            page_title=self.page_title,
            page_description=self.page_description,
        )
        return context


def csv_stream(header, rows):
    yield UTF8_BOM + next(csv_rows([header], CSV_DELIMITER))
    yield from csv_rows(rows, CSV_DELIMITER)


def csv_response(filename_stem, header, rows):
    """A streamed CSV download: UTF-8 with a BOM (so spreadsheets read Polish letters), header row."""
    filename = f"{filename_stem}-{timezone.localdate():%Y-%m-%d}.csv"
    return StreamingHttpResponse(
        csv_stream(header, rows),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def invalid_filter_response(form):
    """The export's answer to a malformed filter: 400 and the form's messages in plain text."""
    lines = [str(_("Nieprawidłowe filtry:"))]
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        lines.extend(f"{label}: {error}" if label else str(error) for error in errors)
    return HttpResponse("\n".join(lines), status=400, content_type="text/plain; charset=utf-8")


class FilteredExportView(FilteredQueryMixin, View):
    """The CSV of a listing: the same FilterSet and sort, every row, streamed."""

    filename_stem = "eksport"
    chunk_size = 500

    def get_header(self):
        raise NotImplementedError

    def get_row(self, obj):
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        filterset = self.get_filterset()
        if not filterset.is_valid():
            return invalid_filter_response(filterset.form)
        results = self.get_results(filterset).iterator(chunk_size=self.chunk_size)
        return csv_response(
            self.filename_stem, self.get_header(), (self.get_row(obj) for obj in results)
        )
