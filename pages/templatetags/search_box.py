"""``{% search_box %}``: the one search box, in the header, on the 404 page and on the results page."""

from django import template

from pages.forms import SearchForm

register = template.Library()


@register.inclusion_tag("includes/search_box.html", takes_context=True)
def search_box(context, input_id, label, *, in_header=False, aria_label="", hint="", error=""):
    """The box for ``SearchForm``: its field's name and length limit, the query searched for."""
    field = SearchForm.base_fields["q"]
    return {
        "input_id": input_id,
        "label": label,
        "in_header": in_header,
        "aria_label": aria_label,
        "hint": hint,
        "error": error,
        "max_length": field.max_length,
        "value": context.get("search_query") or "",
    }
