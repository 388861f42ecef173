"""An inline with more rows than a page can hold is left off its parent's page, which links to the
rows' own list instead (filtered to the parent, paginated and searchable).

At scale a cluster has thousands of memberships: as an inline, its page would be thousands of
forms, megabytes that no one could edit or even open. Below the bound nothing changes.
"""

from django.forms.models import _get_foreign_key
from django.urls import reverse


class BoundedInlinesMixin:
    """For a ModelAdmin: inlines whose ``max_rows`` the object exceeds become a link."""

    def get_inlines(self, request, obj):
        inlines = super().get_inlines(request, obj)
        if obj is None or obj.pk is None:
            return inlines
        return [inline for inline in inlines if _overflow(request, self.model, inline, obj) is None]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        elsewhere = []
        if obj is not None and obj.pk is not None:
            for inline in super().get_inlines(request, obj):
                overflow = _overflow(request, self.model, inline, obj)
                if overflow is not None:
                    elsewhere.append(overflow)
        context["rows_elsewhere"] = elsewhere
        return super().render_change_form(request, context, add, change, form_url, obj)


def _overflow(request, parent_model, inline, obj):
    """{title, count, url} of ``inline``'s rows of ``obj`` if more than its ``max_rows``, else None
    (counted once per request: the admin asks for the inlines several times)."""
    bound = getattr(inline, "max_rows", None)
    if bound is None:
        return None
    counted = request.__dict__.setdefault("_bounded_inline_counts", {})
    key = (inline, obj.pk)
    if key not in counted:
        fk = _get_foreign_key(parent_model, inline.model, fk_name=inline.fk_name)
        rows = inline.model._default_manager.filter(**{fk.name: obj})
        counted[key] = None
        if rows[: bound + 1].count() > bound:  # a LIMIT, not a count of every row
            opts = inline.model._meta
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            counted[key] = {
                "title": inline.verbose_name_plural or opts.verbose_name_plural,
                "count": rows.count(),
                "url": f"{url}?{fk.name}__{fk.target_field.attname}__exact={obj.pk}",
            }
    return counted[key]
