"""Inline rows that come with what they show: the rows they point to, read with the rows.

Django's autocomplete select asks the database for its chosen option once per form, and a row's
label (``__str__``) reads the rows it names one at a time: the biggest cluster's page made 219
queries (an organisation, a source and the cluster per membership) and took seconds to answer.
Here an inline reads its rows with the rows their autocomplete fields point to, each row is given
the parent the page already holds, and each form hands its row's chosen objects to its widgets.
"""

from django.contrib.admin.widgets import AutocompleteSelect
from django.forms.models import BaseInlineFormSet


class ChosenAutocompleteSelect(AutocompleteSelect):
    """An autocomplete select that shows ``chosen`` (set by the formset) without a query."""

    chosen = None

    def optgroups(self, name, value, attr=None):
        chosen = self.chosen
        if chosen is None or {str(v) for v in value} != {str(chosen.pk)}:
            return super().optgroups(name, value, attr)  # a re-shown POST, or nothing read
        options = []
        if not self.is_required:  # as Django's: the empty choice first
            options.append(self.create_option(name, "", "", False, 0))
        label = self.choices.field.label_from_instance(chosen)
        options.append(self.create_option(name, chosen.pk, label, True, len(options)))
        return [(None, options, 0)]


class ChosenRowsFormSet(BaseInlineFormSet):
    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        row = form.instance
        if getattr(row, self.fk.attname) == self.instance.pk:
            self.fk.set_cached_value(row, self.instance)
        for name, field in form.fields.items():
            widget = getattr(field.widget, "widget", field.widget)  # RelatedFieldWidgetWrapper
            if isinstance(widget, ChosenAutocompleteSelect):
                model_field = row._meta.get_field(name)
                chosen = model_field.value_from_object(row)
                if model_field.is_cached(row) and chosen in self._pickable(name, field):
                    widget.chosen = getattr(row, name)
        return form

    def _pickable(self, name, field):
        """The rows' values of ``name`` that the user may pick (the field's choices), one query
        per field: as Django's widget, a row the user may not pick is not shown as chosen."""
        pickable = self.__dict__.setdefault("_pickable_values", {})
        if name not in pickable:
            model_field = self.model._meta.get_field(name)
            values = {model_field.value_from_object(row) for row in self.get_queryset()} - {None}
            pickable[name] = (
                set(field.queryset.filter(pk__in=values).values_list("pk", flat=True))
                if values
                else set()
            )
        return pickable[name]


class ChosenRowsInlineMixin:
    """For an inline: its rows read with the rows their autocomplete fields point to."""

    formset = ChosenRowsFormSet

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        chosen = self.get_autocomplete_fields(request)
        # (never select_related() with no names: it would follow every foreign key)
        return queryset.select_related(*chosen) if chosen else queryset
