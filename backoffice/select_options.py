"""A select whose options are written in Python rather than by a template include per option.

A cluster's page holds a country select of about 250 options per partner country; written through
Django's per-option template it was most of the page's two seconds. The options and their choice
are still Django's (``optgroups``); only the writing of the HTML is ours.
"""

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe


def _attributes(attrs):
    return "".join(
        f" {name}" if value is True else f' {name}="{conditional_escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def options_html(optgroups):
    """The ``<option>``s (and ``<optgroup>``s) of a choice widget's ``optgroups``, escaped."""
    parts = []
    for group_name, options, _index in optgroups:
        if group_name:
            parts.append(f'<optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            value = conditional_escape(str(option["value"]))
            attributes = _attributes(option["attrs"])
            parts.append(
                f'<option value="{value}"{attributes}>{conditional_escape(option["label"])}</option>'
            )
        if group_name:
            parts.append("</optgroup>")
    return mark_safe("".join(parts))  # noqa: S308 - every value and label is escaped above


class PythonWrittenSelect(forms.Select):
    template_name = "backoffice/widgets/select.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["options_html"] = options_html(context["widget"]["optgroups"])
        return context
