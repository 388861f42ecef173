"""The site search page: the header's search box submits here (GET ?q=)."""

from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from pages.search import MAX_QUERY_LENGTH, clean_query, search


class SearchView(TemplateView):
    """Empty query: the page with a prompt. Too long: the page with an error, status 400."""

    template_name = "clusters/search.html"

    def get(self, request, *args, **kwargs):
        query = clean_query(request.GET.get("q", ""))
        if len(query) > MAX_QUERY_LENGTH:
            context = self.get_context_data(
                search_query=query[:MAX_QUERY_LENGTH],
                error=_("Zapytanie jest za długie: wpisz najwyżej %(max)d znaków.")
                % {"max": MAX_QUERY_LENGTH},
                page_title=_("Wyszukiwanie: zapytanie za długie"),
            )
            return self.render_to_response(context, status=400)
        if not query:
            return self.render_to_response(self.get_context_data(page_title=_("Wyszukiwanie")))
        context = self.get_context_data(
            search_query=query,
            results=search(query),
            page_title=_("Wyniki wyszukiwania: %(query)s") % {"query": query},
        )
        return self.render_to_response(context)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            max_query_length=MAX_QUERY_LENGTH,
            page_description=_(
                "Wyszukiwarka katalogu: klastry, organizacje członkowskie, ekosystemy gospodarcze "
                "i specjalizacje Lublina i województwa lubelskiego."
            ),
            **kwargs,
        )
