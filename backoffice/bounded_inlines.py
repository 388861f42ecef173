"""An inline with more rows than a page can hold is left off its parent's page, which links to the
rows' own list instead (filtered to the parent, paginated and searchable).

At scale a cluster has thousands of memberships: as an inline, its page would be thousands of
forms, megabytes that no one could edit or even open. Below the bound nothing changes.

A save is decided by the page that was sent, not by the count at the time of the save: rows added
by someone else meanwhile never make the admin skip the forms the user filled in, and rows removed
meanwhile never make it ask for forms the page did not have.
"""

from django.forms.models import _get_foreign_key
from django.urls import reverse


class BoundedInlinesMixin:
    """For a ModelAdmin: inlines whose ``max_rows`` the object exceeds become a link."""

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        if obj is None or obj.pk is None:
            return inlines
        return [inline for inline in inlines if _overflow(request, self.model, inline, obj) is None]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            # the inlines get_inline_instances left off this object's page, in their order
            context["rows_elsewhere"] = [
                overflow
                for (model, pk, _inline), overflow in _counted(request).items()
                if (model, pk) == (self.model, obj.pk) and overflow is not None
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)


def _counted(request):
    return request.__dict__.setdefault("_bounded_inlines", {})


def _overflow(request, parent_model, inline, obj):
    """{title, count, url} of ``inline``'s rows of ``obj`` when they are left off the page, else
    None. Counted once per request (the admin asks for the inlines several times), through the
    inline's own queryset (what this user may see of them)."""
    bound = getattr(inline, "max_rows", None)
    if bound is None:
        return None
    counted = _counted(request)
    key = (parent_model, obj.pk, type(inline))
    if key not in counted:
        fk = _get_foreign_key(parent_model, inline.model, fk_name=inline.fk_name)
        rows = inline.get_queryset(request).filter(**{fk.name: obj}).order_by()
        if request.method == "POST":
            # the prefix of the inline's formset (BaseInlineFormSet.get_default_prefix)
            prefix = fk.remote_field.get_accessor_name(model=inline.model).replace("+", "")
            left_off = f"{prefix}-TOTAL_FORMS" not in request.POST
        else:
            left_off = rows[: bound + 1].count() > bound  # a LIMIT, not a count of every row
        counted[key] = _rows_list(inline, fk, obj, rows.count()) if left_off else None
    return counted[key]


def _rows_list(inline, fk, obj, count):
    opts = inline.model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    return {
        "title": inline.verbose_name_plural,
        "count": count,
        "url": f"{url}?{fk.name}__{fk.target_field.attname}__exact={obj.pk}",
    }
