"""The site search page: the search boxes submit here (GET ?q=, ``pages.forms.SearchForm``)."""

from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from pages.forms import SearchForm
from pages.search import search


class SearchView(TemplateView):
    """Empty query: the page with a prompt. Too long: the page with an error, status 400."""

    template_name = "clusters/search.html"

    def get(self, request, *args, **kwargs):
        form = SearchForm(request.GET)
        if not form.is_valid():
            field = form.fields["q"]
            context = self.get_context_data(
                search_query=field.to_python(form.data.get("q"))[: field.max_length],
                error=form.errors["q"][0],
                page_title=_("Wyszukiwanie: zapytanie za długie"),
            )
            return self.render_to_response(context, status=400)
        query = form.cleaned_data["q"]
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
            page_description=_(
                "Wyszukiwarka katalogu: klastry, organizacje członkowskie, ekosystemy gospodarcze "
                "i specjalizacje Lublina i województwa lubelskiego."
            ),
            **kwargs,
        )
