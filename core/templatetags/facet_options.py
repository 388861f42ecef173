"""The listing form's parts written in Python: a facet (the facet partial's markup, its options
included) and a text or number field's group.

A catalogue of hundreds of specialisations and partner countries made the options' loop, run by the
template engine option by option, the slowest part of a listing page (then the facet around it,
its tags and the ``{% spaceless %}`` pass over 50 KB of options); a field group is five of
Django's form templates (about half a millisecond a field). The markup is the same.
"""

from django import forms, template
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape, strip_spaces_between_tags
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


def _errors(bound_field):
    """``{{ field.errors }}`` as the facet's ``{% spaceless %}`` left it (empty without errors)."""
    errors = bound_field.errors
    return strip_spaces_between_tags(conditional_escape(errors).strip()) if errors else ""


@register.simple_tag
def facet_html(facet):
    """A ``core.listing.facets.Facet``: checkboxes in a fieldset when it takes several values, else
    a select; the markup the facet partial wrote inside ``{% spaceless %}`` (no whitespace between
    tags), written here whole: the template's tags and the spaceless pass over 50 KB of options
    cost more than writing it."""
    field = facet.field
    auto_id = escape(field.auto_id)
    label = conditional_escape(facet.label)
    errors = _errors(field)
    parts = []
    if facet.multiple:
        described = ""
        if field.errors or facet.hint:
            # (the space before the error's id even without a hint is the partial's markup)
            described = (
                f' aria-describedby="{f"{auto_id}_hint" if facet.hint else ""}'
                f'{f" {auto_id}_error" if field.errors else ""}"'
            )
        parts.append(
            f'<fieldset class="filter-group" id="{auto_id}"{described}><legend>{label}</legend>'
        )
        if facet.hint:
            parts.append(
                f'<p class="filter-hint" id="{auto_id}_hint">{conditional_escape(facet.hint)}</p>'
            )
        parts.append(errors)
        name = facet.name
        for group in facet.shown_groups:
            if group.label:
                group_label = conditional_escape(group.label)
                chosen = ""
                if group.selected_count:
                    chosen_text = gettext("wybrane: %(n)s") % {
                        "n": conditional_escape(localize(group.selected_count))
                    }
                    chosen = f' <span class="filter-subgroup__chosen">({chosen_text})</span>'
                parts.append(
                    f'<details class="filter-subgroup"{" open" if group.any_selected else ""}>'
                    f"<summary>{group_label}{chosen}</summary><fieldset>"
                    f'<legend class="visually-hidden">{label}: {group_label}</legend>'
                )
            parts.append(
                f'<div class="filter-options">{facet_checkboxes(name, group.options)}</div>'
            )
            if group.label:
                parts.append("</fieldset></details>")
        parts.append("</fieldset>")
    else:
        invalid = f' aria-invalid="true" aria-describedby="{auto_id}_error"' if field.errors else ""
        parts.append(
            f'<div class="filter-field"><label for="{auto_id}">{label}</label>{errors}'
            f'<select name="{escape(facet.name)}" id="{auto_id}"{invalid}>'
            f'<option value="">{conditional_escape(gettext("wszystkie"))}</option>'
        )
        for group in facet.shown_groups:
            if group.label:
                parts.append(f'<optgroup label="{conditional_escape(group.label)}">')
            parts.append(facet_select_options(group.options))
            if group.label:
                parts.append("</optgroup>")
        parts.append("</select></div>")
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
