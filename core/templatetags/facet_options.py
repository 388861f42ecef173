"""A facet's options as HTML, written in Python: the inner loop of the listing form's facet partial.

A catalogue of hundreds of specialisations and partner countries made that loop, run by the
template engine option by option, the slowest part of a listing page; the markup is the same.
"""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


def _count(option):
    return "" if option.count is None else f" ({option.count})"


def _state(option, attribute):
    if option.selected:
        return f" {attribute}"
    return " disabled" if option.leads_nowhere else ""


def _escaped(option):
    # build_facet gives the escaped value and label (built once per data version)
    return option.value_html or escape(option.value), option.label_html or escape(option.label)


@register.simple_tag
def facet_checkboxes(name, options):
    """Each option as a box inside its label; an option that leads nowhere is disabled (and
    dimmed) unless it is chosen."""
    head = f'<input type="checkbox" name="{escape(name)}" value="'
    parts = []
    for option in options:
        value, label = _escaped(option)
        count = option.count
        if option.selected:
            opening, state = "<label>", " checked"
        elif count == 0:  # leads nowhere
            opening, state = '<label class="filter-option--empty">', " disabled"
        else:
            opening, state = "<label>", ""
        # no space before the text: the label's name starts with the option's (the flex gap
        # spaces them), so assistive technology and tests find "e-zdrowie (3)" as it reads
        parts.append(
            f'{opening}{head}{value}"{state}>{label}{"" if count is None else f" ({count})"}'
            "</label>"
        )
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above


@register.simple_tag
def facet_select_options(options):
    parts = []
    for option in options:
        value, label = _escaped(option)
        parts.append(
            f'<option value="{value}"{_state(option, "selected")}>{label}{_count(option)}</option>'
        )
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above
