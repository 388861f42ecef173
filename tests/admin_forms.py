"""Helpers for admin tests: turn a rendered change form back into the POST a browser would send."""

from django.forms import MultiWidget
from django.urls import reverse


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _put_form(data, form):
    for name, field in form.fields.items():
        value = form[name].value()
        key = form.add_prefix(name)
        if value is None:
            continue
        if isinstance(field.widget, MultiWidget):  # e.g. a split date and time
            for index, part in enumerate(field.widget.decompress(value)):
                data[f"{key}_{index}"] = "" if part is None else str(part)
        elif isinstance(value, bool):
            if value:
                data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [str(item) for item in value]
        else:
            data[key] = str(value)


def change_form_data(response):
    """The POST data of a rendered admin add/change page, inlines and management forms included."""
    data = {}
    _put_form(data, response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        _put_form(data, formset.management_form)
        for form in formset.forms:
            _put_form(data, form)
    return data


def changelist_pks(response):
    return {obj.pk for obj in response.context["cl"].result_list}
