"""History and restore in the back office, on django-reversion's versions.

A model registered with ``register_history`` gets a version (who, when, every field's value) on each
save made in the admin (``HistoryAdminMixin`` wraps the add, change and changelist views in a
revision). Its admin then offers, on the record's *Historia* page: each version, the difference
between any two, and a revert; and on the changelist a list of deleted rows to restore.

A revert or a restore is an edit whose values come from a version, so it goes through the same admin
form as a person's edit: the fields this user may not change (read-only for an office) keep their
current values, choices are scoped as in the form (a version naming another office's cluster fails),
the model's ``clean()`` and constraints give their messages (a second anchor cluster is refused), and
nothing is written unless everything is valid. It is itself recorded as a new version. Everything is
scoped as every admin view is (the admin's ``get_queryset`` and ``get_object``, which
``backoffice.scoping`` narrows to ``for_staff``): a record an office may not change has no
versions, compare, revert or restore for it, whatever the ids in the URL.
"""

import reversion
from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.forms import MultiWidget
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from reversion.errors import RevertError
from reversion.models import Version

from core.languages import is_translated


def register_history(model, *, exclude=()):
    """Record ``model``'s versions; ``exclude`` names fields that are not the record's content
    (e.g. which accounts work for a cluster), which a revert must never touch."""
    if not reversion.is_registered(model):
        reversion.register(model, exclude=exclude)
    return model


def _as_post_data(form):
    """The POST data a browser would send for ``form`` as it is initialised from its instance."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        key = form.add_prefix(name)
        if value is None:
            continue
        if isinstance(field.widget, MultiWidget):
            for index, part in enumerate(field.widget.decompress(value)):
                data[f"{key}_{index}"] = "" if part is None else str(part)
        elif isinstance(value, bool):
            if value:
                data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [str(getattr(item, "pk", item)) for item in value]
        else:
            data[key] = str(getattr(value, "pk", value))
    return data


def _display(field, value):
    """A field's value as a person reads it: choices' labels, related rows' names."""
    if value in (None, ""):
        return "—"
    if field.many_to_many:
        related = field.related_model._default_manager.filter(pk__in=value)
        names = sorted(str(row) for row in related)
        missing = len(set(value)) - len(names)
        if missing:
            names.append(_("(usunięte: %(count)d)") % {"count": missing})
        return ", ".join(names) or "—"
    if field.is_relation:
        row = field.related_model._default_manager.filter(pk=value).first()
        return str(row) if row is not None else _("(usunięty wiersz #%(pk)s)") % {"pk": value}
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("tak") if value else _("nie")
    return str(value)


def _values(version):
    """{field name: value} of a version, foreign keys as primary keys, many-to-many as lists."""
    deserialized = version._object_version
    values = {
        field.name: getattr(deserialized.object, field.attname)
        for field in version._model._meta.concrete_fields
    }
    for name, pks in (deserialized.m2m_data or {}).items():
        values[name] = sorted(pks)
    return values


def _current_values(obj, names):
    values = {}
    for field in obj._meta.concrete_fields:
        values[field.name] = getattr(obj, field.attname)
    for name in names:
        field = obj._meta.get_field(name)
        if field.many_to_many:
            values[name] = sorted(getattr(obj, name).values_list("pk", flat=True))
    return values


def differences(model, before, after):
    """[(field label, before, after, changed)] for the fields either side holds, in model order."""
    rows = []
    for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        if field.name not in before and field.name not in after:
            continue
        if field.primary_key or not field.editable:
            continue
        if is_translated(model, field.name):
            continue  # modeltranslation's own copy: its <field>_pl and <field>_en rows say it all
        old, new = before.get(field.name), after.get(field.name)
        rows.append(
            (capfirst(field.verbose_name), _display(field, old), _display(field, new), old != new)
        )
    return rows


def _revision_label(version):
    revision = version.revision
    who = revision.user.get_username() if revision.user else _("system")
    when = date_format(timezone.localtime(revision.date_created), "DATETIME_FORMAT")
    return f"{when}, {who}"


class HistoryAdminMixin:
    """Versions, differences, revert and restore for a registered model; see the module docstring.

    Goes after ``StaffScopedAdminMixin`` in a ModelAdmin's bases, so ``get_object`` and
    ``get_queryset`` are already scoped to the user.
    """

    @property
    def object_history_template(self):
        # Django's own page (the admin log) for the models without versions.
        return "admin/history/object_history.html" if self._has_history() else None

    def _has_history(self):
        return reversion.is_registered(self.model)

    # Recording: every write the admin makes happens inside a revision that names its author.

    def _recorded(self, request, view, *args):
        if request.method != "POST" or not self._has_history():
            return view(*args)  # reading writes nothing (and a revision costs a savepoint)
        with reversion.create_revision():
            reversion.set_user(request.user)
            return view(*args)

    def add_view(self, request, form_url="", extra_context=None):
        return self._recorded(request, super().add_view, request, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        view = super().change_view
        return self._recorded(request, view, request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        extra_context = {"has_recover": self._may_recover(request), **(extra_context or {})}
        return self._recorded(request, super().changelist_view, request, extra_context)

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        if reversion.is_active():
            reversion.set_comment(entry.get_change_message())
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        if reversion.is_active():
            reversion.set_comment(entry.get_change_message())
        return entry

    # URLs.

    def get_urls(self):
        if not self._has_history():
            return super().get_urls()
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view
        return [
            path("recover/", view(self.recover_list_view), name="{}_{}_recoverlist".format(*info)),
            path(
                "recover/<int:version_id>/",
                view(self.recover_view),
                name="{}_{}_recover".format(*info),
            ),
            path(
                "<path:object_id>/history/compare/",
                view(self.compare_view),
                name="{}_{}_compare".format(*info),
            ),
            path(
                "<path:object_id>/history/<int:version_id>/",
                view(self.version_view),
                name="{}_{}_version".format(*info),
            ),
            *super().get_urls(),
        ]

    def _url(self, name, *args):
        info = self.admin_site.name, self.opts.app_label, self.opts.model_name
        return reverse("{}:{}_{}_{}".format(*info, name), args=args)

    # The record's versions.

    def _changeable_object(self, request, object_id):
        """The record, if this user may change it; 404 otherwise (another office's, or deleted)."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_change_permission(request, obj):
            raise Http404(_("Nie ma takiego wiersza albo nie możesz go zmieniać."))
        return obj

    def _versions(self, obj):
        return (
            Version.objects.get_for_object(obj)
            .select_related("revision__user")
            .order_by("-revision__date_created", "-pk")
        )

    def history_view(self, request, object_id, extra_context=None):
        if not self._has_history():
            return super().history_view(request, object_id, extra_context)
        obj = self._changeable_object(request, object_id)
        versions = [
            {
                "version": version,
                "label": _revision_label(version),
                "comment": version.revision.get_comment(),
                "url": self._url("version", quote(obj.pk), version.pk),
            }
            for version in self._versions(obj)
        ]
        context = {
            "versions": versions,
            "compare_url": self._url("compare", quote(obj.pk)),
            **(extra_context or {}),
        }
        return super().history_view(request, object_id, context)

    def _version_of(self, obj, version_id):
        try:
            return self._versions(obj).get(pk=version_id)
        except (Version.DoesNotExist, ValueError, TypeError):
            raise Http404(_("Ten wiersz nie ma takiej wersji.")) from None

    def _page(self, request, template, obj, title, context):
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "original": obj,
                "title": title,
                "history_url": self._url("history", quote(obj.pk)) if obj.pk else None,
                **context,
            },
        )

    def compare_view(self, request, object_id):
        obj = self._changeable_object(request, object_id)
        older = self._version_of(obj, request.GET.get("a"))
        newer = self._version_of(obj, request.GET.get("b"))
        if older.revision.date_created > newer.revision.date_created:
            older, newer = newer, older
        try:
            rows = differences(self.model, _values(older), _values(newer))
        except RevertError as error:
            raise Http404(str(error)) from error
        return self._page(
            request,
            "admin/history/compare.html",
            obj,
            _("%(name)s – porównanie wersji") % {"name": obj},
            {
                "rows": rows,
                "older": _revision_label(older),
                "newer": _revision_label(newer),
                "older_url": self._url("version", quote(obj.pk), older.pk),
                "newer_url": self._url("version", quote(obj.pk), newer.pk),
            },
        )

    def version_view(self, request, object_id, version_id):
        """GET: what reverting to this version would change. POST: revert."""
        obj = self._changeable_object(request, object_id)
        version = self._version_of(obj, version_id)
        if request.method == "POST":
            return self._revert(request, obj, version)
        try:
            values = _values(version)
        except RevertError as error:
            raise Http404(str(error)) from error
        rows = differences(self.model, _current_values(obj, values), values)
        return self._page(
            request,
            "admin/history/version.html",
            obj,
            _("%(name)s – wersja z %(when)s") % {"name": obj, "when": _revision_label(version)},
            {
                "rows": rows,
                "comment": version.revision.get_comment(),
                "changes": any(changed for *_, changed in rows),
            },
        )

    # Revert and restore: an edit through the admin form, with values from a version.

    def _form_from_version(self, request, obj, version):
        """The admin form of ``obj`` (None: the add form) bound to the version's values."""
        deserialized = version._object_version
        restored = deserialized.object
        form_class = self.get_form(request, obj, change=obj is not None)
        unbound = form_class(instance=restored)
        for name, pks in (deserialized.m2m_data or {}).items():
            if name in unbound.fields:
                unbound.initial[name] = pks
        data = _as_post_data(unbound)
        target = obj if obj is not None else self.model(pk=restored.pk)
        return form_class(data, instance=target)

    def _apply(self, request, obj, version, *, change):
        """Save the version's values through the admin form, atomically; return the saved row or
        None (with the reasons in ``messages``). ``obj`` is None for a restore."""
        when = _revision_label(version)
        try:
            form = self._form_from_version(request, obj, version)
        except RevertError as error:
            messages.error(request, str(error))
            return None
        if not form.is_valid():
            reasons = [
                f"{form.fields[name].label if name in form.fields else ''}: {' '.join(errors)}"
                if name != "__all__"
                else " ".join(errors)
                for name, errors in form.errors.items()
            ]
            messages.error(
                request,
                _("Nie przywrócono wersji z %(when)s; nic nie zapisano. %(reasons)s")
                % {"when": when, "reasons": " ".join(reasons)},
            )
            return None
        try:
            with transaction.atomic(), reversion.create_revision():
                reversion.set_user(request.user)
                saved = form.save(commit=False)
                self.save_model(request, saved, form, change)
                form.save_m2m()
                if not self.get_queryset(request).filter(pk=saved.pk).exists():
                    # The version puts the row outside what this user may edit.
                    raise PermissionDenied
                message = (
                    _("Przywrócono wersję z %(when)s.")
                    if change
                    else _("Odtworzono usunięty wiersz (wersja z %(when)s).")
                ) % {"when": when}
                if change:
                    super().log_change(request, saved, message)
                else:
                    super().log_addition(request, saved, message)
                reversion.set_comment(message)
        except (IntegrityError, ValidationError, models.ProtectedError) as error:
            messages.error(
                request,
                _("Nie przywrócono wersji z %(when)s; nic nie zapisano. %(reasons)s")
                % {"when": when, "reasons": error},
            )
            return None
        messages.success(request, message)
        return saved

    def _revert(self, request, obj, version):
        saved = self._apply(request, obj, version, change=True)
        target = "history" if saved is None else "change"
        return HttpResponseRedirect(self._url(target, quote(obj.pk)))

    # Deleted rows.

    def _may_recover(self, request):
        return self._has_history() and self.has_add_permission(request)

    def _deleted_in_scope(self, request):
        """The latest version of each deleted row this user could edit if it were back.

        The same ``for_staff`` rule decides: each row is put back in a savepoint, asked for, and
        taken out again (a handful of rows; deleted lists are short)."""
        visible = []
        deleted = (
            Version.objects.get_deleted(self.model)
            .select_related("revision__user")
            .order_by("-revision__date_created")
        )
        for version in deleted:
            try:
                with transaction.atomic():
                    version._object_version.save()
                    allowed = self.get_queryset(request).filter(pk=version.object_id).exists()
                    transaction.set_rollback(True)
            except (RevertError, IntegrityError, ValidationError, ValueError):
                continue
            if allowed:
                visible.append(version)
        return visible

    def recover_list_view(self, request):
        if not self._may_recover(request):
            raise PermissionDenied
        rows = [
            {
                "name": version.object_repr,
                "label": _revision_label(version),
                "url": self._url("recover", version.pk),
            }
            for version in self._deleted_in_scope(request)
        ]
        return self._page(
            request,
            "admin/history/recover_list.html",
            self.model(),
            _("%(name)s – usunięte") % {"name": capfirst(self.opts.verbose_name_plural)},
            {"rows": rows, "changelist_url": self._url("changelist")},
        )

    def recover_view(self, request, version_id):
        if not self._may_recover(request):
            raise PermissionDenied
        version = next(
            (v for v in self._deleted_in_scope(request) if str(v.pk) == str(version_id)), None
        )
        if version is None:
            raise Http404(_("Nie ma takiego usuniętego wiersza."))
        if request.method == "POST":
            saved = self._apply(request, None, version, change=False)
            if saved is None:
                return HttpResponseRedirect(self._url("recoverlist"))
            return HttpResponseRedirect(self._url("change", quote(saved.pk)))
        values = _values(version)
        return self._page(
            request,
            "admin/history/recover.html",
            self.model(),
            _("Odtworzenie: %(name)s") % {"name": version.object_repr},
            {
                "rows": differences(self.model, {}, values),
                "label": _revision_label(version),
                "changelist_url": self._url("recoverlist"),
            },
        )
