"""The list page and the CSV view of a filtered listing, and the query both (and the investor's
search, which asks two listings at once) take their rows from."""

from functools import cached_property
from itertools import chain
from urllib.parse import urlencode

from django.db.models import Count
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from core.compiled_pages import page_key

from .counts import CachedCountPaginator, cached_count
from .export import csv_response, invalid_filter_response
from .facets import (
    _raw_values,
    active_chips,
    build_facet,
    facet_counts,
    filter_all_but,
    own_value,
)
from .filtersets import matches_typed_text
from .memo import current_data_version


class FilteredQuery:
    """A listing's FilterSet over the model's public rows and its whitelisted sort, for one request.

    A listing subclasses it once; its page, its CSV and any page that asks the same question of the
    same rows (the investor's search) take the rows, the validation and the order from here.
    """

    filterset_class = None
    # key → (label, ordering); only these keys sort, anything else falls back to default_sort.
    sort_options: dict = {}
    default_sort = "name"
    # From how many rows skipped a page reads its ids first (CachedCountPaginator): a row that
    # costs subqueries to work out (a cluster's latest report and activity) costs them skipped too.
    # None: never (the rows are as cheap to skip as their ids).
    ids_first_from = 100

    def __init__(self, request):
        self.request = request

    def get_queryset(self):
        return self.filterset_class._meta.model.objects.public().with_listing_data()

    def get_count_queryset(self):
        """The rows facet counts run over (without the listing's prefetches and annotations)."""
        return self.filterset_class._meta.model.objects.public()

    @cached_property
    def filterset(self):
        # without the rows' queryset: building it (annotations, prefetches) costs more than a
        # page that only shows the form (the investor's search before a question) should pay;
        # get_results gives it to the filters
        return self.filterset_class(self.request.GET, request=self.request)

    def is_valid(self):
        return self.filterset.is_valid()

    def get_sort(self):
        key = self.request.GET.get("sort", "")
        return key if key in self.sort_options else self.default_sort

    def order(self, queryset):
        return queryset.order_by(*self.sort_options[self.get_sort()][1])

    def get_results(self):
        """The rows the valid filters choose (``is_valid()`` first), in the chosen order."""
        return self.order(self.filterset.filter_queryset(self.get_queryset()))

    def page_sql_key(self):
        """What a page of ``get_results()`` is a function of (core.compiled_pages): this query,
        what its query string asks (its filters, the sort, the page: any other parameter, a
        campaign's tag, is left out), the language, the data version and the day; None when the
        data version is unknown (the caches of listings off, the cache unreachable)."""
        names = {*self.filterset_class.base_filters, "sort", "page"}
        get = self.request.GET
        asked = tuple((name, tuple(get.getlist(name))) for name in sorted(names & get.keys()))
        kind = type(self)
        return page_key(current_data_version(), kind.__module__, kind.__qualname__, asked)

    def group_rows(self, rows, lookups):
        """(value of each of ``lookups``..., number of rows) per combination of values of
        ``rows``: one grouped query. A listing may group more cheaply (organisations: by town)."""
        return rows.order_by().values_list(*lookups).annotate(rows=Count("pk"))

    def restrict_to_visible(self, related, row_field):
        """``related`` rows (a through table, memberships) of the rows visitors see, for a facet
        counted with no filter chosen: by default those of ``get_count_queryset()``; a listing
        may say it more cheaply (organisations: all but the few hidden ones)."""
        return related.filter(**{f"{row_field}__in": self.get_count_queryset().values("pk")})

    def count_results(self):
        """How many rows ``get_results`` holds, counted over ``get_count_queryset``."""
        return filter_all_but(self.filterset, self.get_count_queryset(), None).count()

    @classmethod
    def unchosen_values(cls):
        """{parameter: the value that means "not chosen"}: the default sort and each filter's
        ``default`` (what the form sends when nobody touched the field)."""
        defaults = {"sort": cls.default_sort}
        for name, filter_ in cls.filterset_class.base_filters.items():
            if getattr(filter_, "default", None) is not None:
                defaults[name] = filter_.default
        return defaults

    def chosen(self, name):
        """The raw values chosen for filter ``name`` (none if the FilterSet has no such filter)."""
        form = self.filterset.form
        return set(_raw_values(form[name])) if name in form.fields else set()


def without_unchosen(query_dict, defaults):
    """The query string without empty values nor values that only repeat a default (``match=any``,
    the default sort), or None when there is nothing to drop.

    A GET form sends every field, chosen or not (``?q=&ecosystem=&...``): the shared link should
    say only what the visitor chose. static/js/listing.js drops them before the form is sent; this
    is for browsers without it.
    """
    kept = [
        (name, value)
        for name, values in query_dict.lists()
        for value in values
        if value != "" and defaults.get(name) != value
    ]
    if len(kept) == sum(len(values) for _name, values in query_dict.lists()):
        return None
    return urlencode(kept)


def first_invalid(queries):
    """The first query whose filters are malformed, or None: the page answers 400, the CSV too."""
    return next((query for query in queries if not query.is_valid()), None)


class FilteredListView(TemplateView):
    """A listing page: filter form with facet counts, chips, result count, rows, pagination."""

    query_class = FilteredQuery
    # filter name → the lookup whose values its options count (one query per facet).
    facets: dict = {}
    # the order of the chips; defaults to the FilterSet's filters.
    chip_filters: tuple = ()
    paginate_by = 25
    # The pages reach the first max_pages × paginate_by rows (CachedCountPaginator): at 200,000
    # organisations a deeper page cost seconds; narrower filters or the CSV reach the rest.
    max_pages = 40
    export_url_name = None
    count_label = _("Liczba wyników")
    page_title = ""
    page_description = ""

    def get(self, request, *args, **kwargs):
        cleaned = without_unchosen(request.GET, self.query_class.unchosen_values())
        if cleaned is not None:
            return redirect(f"{request.path}?{cleaned}" if cleaned else request.path)
        self.query = self.query_class(request)
        self.filterset = self.query.filterset
        context = self.get_context_data(**kwargs)
        return self.render_to_response(context, status=400 if first_invalid([self.query]) else 200)

    def count_key(self, *question, skipped=()):
        """What names a count of this listing in the cache: the listing, the question and the
        chosen filters it depends on (all but ``skipped``), and the language only when one of
        them is typed text: text is matched against the columns of the page's language, while
        every other filter counts the same rows in Polish and English, so /klastry/ and
        /en/clusters/ share their counts."""
        get = self.request.GET
        filters = sorted(
            (name, value)
            for name in self.filterset.form.fields
            if name not in skipped
            for value in get.getlist(name)
            if value != ""
        )
        typed = any(matches_typed_text(self.filterset.filters[name]) for name, _v in filters)
        view = f"{type(self).__module__}.{type(self).__qualname__}"
        return [view, translation.get_language() if typed else None, *question, filters]

    def facet_count_key(self, name):
        # A facet's counts do not depend on its own filter, nor on a filter that only qualifies it
        # (``match``): /?type=a and /?type=b share the counts of "type".
        skipped = {name} | {
            other
            for other, filter_ in self.filterset.filters.items()
            if getattr(filter_, "qualifies", None) == name
        }
        return self.count_key("facet", name, skipped=skipped)

    @cached_property
    def data_version(self):
        """The data version, read once for the request's counts and options (None: unknown)."""
        return current_data_version()

    @cached_property
    def shared_counts(self):
        """The counts of every facet on a value of the row itself whose filter is not chosen, and
        the number of rows, from one grouped query: such facets all count the rows every chosen
        filter leaves (``{"total": n, "facets": {name: {value: n}}}``), so one pass over the
        rows serves them all instead of one pass each."""
        model = self.query.filterset_class._meta.model
        chosen = self.chosen_filters()
        names = [
            name
            for name in self.facets
            if own_value(model, self.facets[name]) and name not in chosen
        ]

        def compute():
            rows = filter_all_but(self.filterset, self.query.get_count_queryset(), None)
            if not names:
                return {"total": rows.count(), "facets": {}}
            lookups = [self.facets[name] for name in names]
            grouped = self.query.group_rows(rows, lookups)
            total, facets = 0, {name: {} for name in names}
            for *values, n in grouped:
                total += n
                for name, value in zip(names, values, strict=True):
                    if value not in (None, ""):
                        facets[name][str(value)] = facets[name].get(str(value), 0) + n
            return {"total": total, "facets": facets}

        return cached_count(self.count_key("shared", names), compute, self.data_version)

    def chosen_filters(self):
        get = self.request.GET
        return {name for name in self.filterset.form.fields if any(get.getlist(name))}

    def get_facets(self):
        filterset = self.filterset
        valid = filterset.is_valid()

        def counts(name, lookup):
            if not valid:
                return None
            if name in self.shared_counts["facets"]:
                return self.shared_counts["facets"][name]
            key = self.facet_count_key(name)
            # no other filter chosen: the facet counts every visible row
            restrict = None if key[-1] else self.query.restrict_to_visible
            return cached_count(
                key,
                lambda: facet_counts(
                    filterset, name, lookup, self.query.get_count_queryset(), restrict
                ),
                self.data_version,
            )

        version = self.data_version  # read once for every facet's options
        return {
            name: build_facet(filterset, name, counts(name, lookup), version)
            for name, lookup in self.facets.items()
        }

    def carried_filters(self):
        """The chosen filters as (name, value), for the sort form to send again."""
        get = self.request.GET
        return [
            (name, value)
            for name in self.filterset.form.fields
            for value in get.getlist(name)
            if value != ""
        ]

    def paginate(self):
        # get_page: a page past the end gives the last page, a malformed number the first.
        paginator = CachedCountPaginator(
            self.query.get_results,  # built only when the page's SQL is not kept
            self.paginate_by,
            count=lambda: self.shared_counts["total"],
            max_rows=self.paginate_by * self.max_pages,
            ids_first_from=self.query.ids_first_from,
            sql_key=self.query.page_sql_key(),
        )
        return paginator.get_page(self.request.GET.get("page"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.filterset
        valid = filterset.is_valid()
        page_obj = self.paginate() if valid else None
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
            result_count=page_obj.paginator.total if page_obj else 0,
            pages_capped=page_obj.paginator.capped if page_obj else False,
            sort_choices=[(key, label) for key, (label, _o) in self.query.sort_options.items()],
            current_sort=self.query.get_sort(),
            default_sort=self.query.default_sort,
            carried_filters=self.carried_filters(),
            export_url_name=self.export_url_name,
            list_url=self.request.path,
            count_label=self.count_label,
            # the chosen specialisations, emphasised in the rows
            highlighted=self.query.chosen("specialisation"),
            page_title=self.page_title,
            page_description=self.page_description,
        )
        return context


class FilteredExportView(View):
    """The CSV of one listing or several (one after the other): the same FilterSets and sorts as
    their pages, every row, streamed."""

    query_classes: tuple = ()
    filename_stem = "eksport"
    # Rows read from the database at a time (a server-side cursor on PostgreSQL), each chunk's
    # related rows in one query per relation: the memory stays flat whatever the file's length.
    chunk_size = 2000

    def get_header(self):
        raise NotImplementedError

    def get_row(self, obj):
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        queries = [query_class(request) for query_class in self.query_classes]
        invalid = first_invalid(queries)
        if invalid is not None:
            return invalid_filter_response(invalid.filterset.form)
        rows = chain.from_iterable(self.get_rows(query) for query in queries)
        return csv_response(self.filename_stem, self.get_header(), rows)

    def get_rows(self, query):
        """The rows of one query's results; run while the file is written, in its language."""
        return (
            self.get_row(obj) for obj in query.get_results().iterator(chunk_size=self.chunk_size)
        )
