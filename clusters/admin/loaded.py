"""The loader's record of what it wrote (read-only, for administrators: LoadedRow has no for_staff)."""

from django.contrib import admin

from backoffice.scoping import ScopedModelAdmin
from clusters.models import LoadedRow


@admin.register(LoadedRow)
class LoadedRowAdmin(ScopedModelAdmin):
    list_display = ("model", "natural_key", "loaded_at")
    list_filter = ("model",)
    search_fields = ("natural_key",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
