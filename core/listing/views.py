"""The list page and the CSV view of a filtered listing; a listing subclasses both."""

from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from .export import csv_response, invalid_filter_response
from .facets import _raw_values, active_chips, build_facet, facet_counts


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
