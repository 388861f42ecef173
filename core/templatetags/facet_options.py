"""A facet's options as HTML, written in Python: the inner loop of the listing form's facet partial.

A catalogue of hundreds of specialisations and partner countries made that loop, run by the
template engine option by option, the slowest part of a listing page; the markup is the same.
"""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


def _count(option):
    return "" if option.count is None else f" ({option.count})"


def _state(option, attribute):
    if option.selected:
        return f" {attribute}"
    return " disabled" if option.leads_nowhere else ""


@register.simple_tag
def facet_checkboxes(name, options):
    """Each option as a box inside its label; an option that leads nowhere is disabled (and
    dimmed) unless it is chosen."""
    return format_html_join(
        "",
        '<label{}><input type="checkbox" name="{}" value="{}"{}> {}{}</label>',
        (
            (
                format_html(' class="{}"', "filter-option--empty")
                if option.leads_nowhere and not option.selected
                else "",
                name,
                option.value,
                _state(option, "checked"),
                option.label,
                _count(option),
            )
            for option in options
        ),
    )


@register.simple_tag
def facet_select_options(options):
    return format_html_join(
        "",
        '<option value="{}"{}>{}{}</option>',
        (
            (option.value, _state(option, "selected"), option.label, _count(option))
            for option in options
        ),
    )
