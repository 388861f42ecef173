"""The one mechanism that scopes the back office to what a user may edit.

Every ``ModelAdmin`` and inline of the project mixes in :class:`StaffScopedAdminMixin`. It asks the
model's queryset for ``for_staff(user)`` wherever the admin reads rows: the changelist and the object
lookup (hence the change, delete and history views, and the actions, which run on the changelist's
queryset), the foreign-key and many-to-many choices (so a forged POST value fails validation), the
autocomplete results (Django's autocomplete view asks the target model's admin for its queryset) and
the choices of related-field list filters.

A new model is scoped by giving its queryset ``for_staff(user)``; a model without one is shown to
directory administrators only (fail closed). Where the rows an office may *pick* in a form differ
from the rows it may *edit* (an organisation shared with another cluster stays a member of ours but
is not ours to edit), the queryset offers ``for_staff_choices(user)`` as well; the choices and the
autocomplete of a field pointing at that model then come from it.
"""

from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path, unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from core.permissions import edits_everything

from .bounded_inlines import BoundedInlinesMixin
from .chosen_rows import ChosenAutocompleteSelect, ChosenRowsInlineMixin
from .history import HistoryAdminMixin
from .select_options import PythonWrittenSelect


def staff_rows(queryset, user):
    """The rows of ``queryset`` that ``user`` may see and edit in the back office."""
    for_staff = getattr(queryset, "for_staff", None)
    if for_staff is not None:
        return for_staff(user)
    return queryset if edits_everything(user) else queryset.none()


def staff_choices(queryset, user):
    """The rows ``user`` may pick in a foreign-key or many-to-many field."""
    for_staff_choices = getattr(queryset, "for_staff_choices", None)
    if for_staff_choices is not None:
        return for_staff_choices(user)
    return staff_rows(queryset, user)


def _is_autocomplete(request):
    match = getattr(request, "resolver_match", None)
    return bool(match and match.url_name == "autocomplete")


def _is_changelist(request, opts):
    match = getattr(request, "resolver_match", None)
    return bool(match and match.url_name == f"{opts.app_label}_{opts.model_name}_changelist")


def with_counts(queryset, **relations):
    """Annotate ``name=Count(relation)`` and keep the model's ordering, which GROUP BY would drop
    (the admin paginates autocomplete results and warns about an unordered list)."""
    counts = {name: Count(relation, distinct=True) for name, relation in relations.items()}
    return queryset.annotate(**counts).order_by(*queryset.model._meta.ordering)


def count_column(annotation, description):
    """A changelist column showing ``annotation`` (one of ``ScopedModelAdmin.counts``), sortable."""

    @admin.display(description=description, ordering=annotation)
    def column(model_admin, obj):
        return getattr(obj, annotation)

    return column


class StaffScopedRelatedFieldListFilter(admin.RelatedFieldListFilter):
    """A related-field filter that lists only the related rows the user may see."""

    def field_choices(self, field, request, model_admin):
        allowed = staff_rows(field.related_model._default_manager.all(), request.user)
        return field.get_choices(
            include_blank=False,
            limit_choices_to={"pk__in": allowed.values("pk")},
            ordering=self.field_admin_ordering(field, request, model_admin),
        )


class StaffScopedAdminMixin:
    """Scope a ModelAdmin or an inline to ``for_staff(request.user)``; see the module docstring."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if _is_autocomplete(request):
            # Django's autocomplete asks the target's admin for the rows a field may offer.
            return staff_choices(queryset, request.user)
        return staff_rows(queryset, request.user)

    def get_field_queryset(self, db, db_field, request):
        # Both formfield_for_foreignkey and formfield_for_manytomany take their choices from here.
        queryset = super().get_field_queryset(db, db_field, request)
        if queryset is None:
            queryset = db_field.remote_field.model._default_manager.using(db).all()
        return staff_choices(queryset, request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            using = kwargs.get("using")
            kwargs["widget"] = ChosenAutocompleteSelect(db_field, self.admin_site, using=using)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name not in self.radio_fields:
            kwargs.setdefault("widget", PythonWrittenSelect)
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def history_view(self, request, object_id, extra_context=None):
        # A history names the administrators who changed the row and their messages: it is for
        # those who may change the row, not for everyone who may read it (offices read the
        # shared reference data, whose history is the directory's).
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and not self.has_change_permission(request, obj):
            raise PermissionDenied
        return super().history_view(request, object_id, extra_context)

    def get_list_filter(self, request):
        return [self._scoped_list_filter(entry) for entry in super().get_list_filter(request)]

    def _scoped_list_filter(self, entry):
        """Swap Django's related-field filter (which lists every row) for the scoped one."""
        if isinstance(entry, str):
            field = get_fields_from_path(self.model, entry)[-1]
            if field.is_relation:
                return (entry, StaffScopedRelatedFieldListFilter)
        elif isinstance(entry, tuple) and entry[1] is admin.RelatedFieldListFilter:
            return (entry[0], StaffScopedRelatedFieldListFilter)
        return entry


class ScopedModelAdmin(
    BoundedInlinesMixin, StaffScopedAdminMixin, HistoryAdminMixin, admin.ModelAdmin
):
    """The project's ModelAdmin: scoped, with page titles that read right in Polish.

    Django builds titles as "Wybierz {name} do zmiany" / "Dodaj {name}", which puts feminine
    and plural nouns in the wrong case ("Dodaj organizacja członkowska").
    """

    list_per_page = 50
    # {annotation: relation} counted on every row in the changelist's one query (count_column)
    counts: dict = {}

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not _is_changelist(request, self.opts):
            # A change page, a deletion, a history: one row, and no column to fill (at scale the
            # biggest cluster's page spent 115 ms counting and scoring it).
            return queryset
        return self.changelist_rows(queryset)

    def changelist_rows(self, queryset):
        """The changelist's rows with what its columns show and sort on (``counts``...)."""
        return with_counts(queryset, **self.counts) if self.counts else queryset

    def get_prepopulated_fields(self, request, obj=None):
        # A slug the user may not change (an office's view of a published address) is not filled in.
        if "slug" in self.get_readonly_fields(request, obj):
            return {}
        return super().get_prepopulated_fields(request, obj)

    def changelist_view(self, request, extra_context=None):
        title = capfirst(self.opts.verbose_name_plural)
        return super().changelist_view(request, {"title": title, **(extra_context or {})})

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if object_id is None:
            title = _("%(name)s – dodawanie")
        elif self.has_change_permission(request):
            title = _("%(name)s – edycja")
        else:
            title = _("%(name)s – podgląd")
        extra_context = {
            "title": title % {"name": capfirst(self.opts.verbose_name)},
            **(extra_context or {}),
        }
        return super().changeform_view(request, object_id, form_url, extra_context)


class ScopedTabularInline(ChosenRowsInlineMixin, StaffScopedAdminMixin, admin.TabularInline):
    extra = 0


class ScopedStackedInline(ChosenRowsInlineMixin, StaffScopedAdminMixin, admin.StackedInline):
    extra = 0


# Models with translated fields (django-modeltranslation): the same scoping and titles, and each
# translated field shown as its Polish and English fields side by side in the one form (no tabs, no
# script). The back office itself stays Polish.
class TranslatedScopedModelAdmin(ScopedModelAdmin, TranslationAdmin):
    pass


class TranslatedScopedTabularInline(ScopedTabularInline, TranslationTabularInline):
    pass


class TranslatedScopedStackedInline(ScopedStackedInline, TranslationStackedInline):
    pass
