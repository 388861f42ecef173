"""The site search's one form: what the header's, the 404 page's and the results page's boxes send."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.text import MAX_QUERY_LENGTH, clean_query


class QueryField(forms.CharField):
    """The query as the user meant it (``clean_query``), measured after cleaning."""

    def to_python(self, value):
        return clean_query(super().to_python(value))


class SearchForm(forms.Form):
    q = QueryField(
        label=_("Czego szukasz?"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": _("Zapytanie jest za długie: wpisz najwyżej %(limit_value)d znaków.")
        },
    )
