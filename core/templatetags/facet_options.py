"""The listing form's parts written in Python: a facet's options (the inner loop of the facet
partial) and a text or number field's group.

A catalogue of hundreds of specialisations and partner countries made the options' loop, run by the
template engine option by option, the slowest part of a listing page; a field group is five of
Django's form templates (about half a millisecond a field). The markup is the same.
"""

from django import forms, template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

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


def _attributes(attrs):
    """Django's ``django/forms/attrs.html``: ``True`` names the attribute alone, ``False`` drops it."""
    return "".join(
        f" {name}" if value is True else f' {name}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


@register.simple_tag
def field_group(bound_field):
    """``{{ field.as_field_group }}`` of a text or number field (label, help text, errors, box), as
    Django's templates write it; any other widget is left to them."""
    field, widget = bound_field.field, bound_field.field.widget
    if type(widget) not in (forms.TextInput, forms.NumberInput) or bound_field.use_fieldset:
        return bound_field.as_field_group()
    auto_id = bound_field.auto_id
    parts = []
    if bound_field.label:  # BoundField.label_tag
        label = escape(bound_field.label)
        suffix = (
            field.label_suffix if field.label_suffix is not None else bound_field.form.label_suffix
        )
        if suffix and label and label[-1] not in gettext(":?.!"):
            label += escape(suffix)
        element_id = widget.attrs.get("id") or auto_id
        attrs = {}
        if element_id:
            label_for = widget.id_for_label(element_id)
            if label_for:
                attrs["for"] = label_for
            if field.required and hasattr(bound_field.form, "required_css_class"):
                attrs["class"] = bound_field.form.required_css_class
            parts.append(f"<label{_attributes(attrs)}>{label}</label>")
        else:
            parts.append(label)
    if bound_field.help_text:
        helptext_id = f' id="{auto_id}_helptext"' if auto_id else ""
        parts.append(f'<div class="helptext"{helptext_id}>{bound_field.help_text}</div>')
    errors = bound_field.errors
    if errors:  # django/forms/errors/list/ul.html
        errors_id = f' id="{escape(errors.field_id)}_error"' if errors.field_id else ""
        items = "".join(f"<li>{escape(error)}</li>" for error in errors)
        parts.append(f'<ul class="{escape(errors.error_class)}"{errors_id}>{items}</ul>')
    # BoundField.as_widget, then django/forms/widgets/input.html
    attrs = bound_field.build_widget_attrs({}, widget)
    if auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", auto_id)
    context = widget.get_context(bound_field.html_name, bound_field.value(), attrs)["widget"]
    value = "" if context["value"] is None else f' value="{escape(context["value"])}"'
    parts.append(
        f'<input type="{escape(context["type"])}" name="{escape(context["name"])}"{value}'
        f"{_attributes(context['attrs'])}>"
    )
    return mark_safe("\n".join(parts))  # noqa: S308 - every part is escaped above
