"""Shared reference data: initiators, sectors and specialisations (offices may only read them)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from backoffice.scoping import (
    TranslatedScopedModelAdmin,
    TranslatedScopedTabularInline,
    with_counts,
)
from clusters.models import Initiator, Sector, Specialisation


@admin.register(Initiator)
class InitiatorAdmin(TranslatedScopedModelAdmin):
    list_display = ("name", "short_name", "kind", "cluster_count")
    list_filter = ("kind",)
    search_fields = ("name", "short_name")
    prepopulated_fields = {"slug": ("name",)}

    def get_queryset(self, request):
        return with_counts(super().get_queryset(request), cluster_count="clusters")

    @admin.display(description=_("klastry"), ordering="cluster_count")
    def cluster_count(self, initiator):
        return initiator.cluster_count


class SpecialisationInline(TranslatedScopedTabularInline):
    model = Specialisation
    fields = ("name", "slug", "description")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Sector)
class SectorAdmin(TranslatedScopedModelAdmin):
    list_display = ("name", "position")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = (SpecialisationInline,)


@admin.register(Specialisation)
class SpecialisationAdmin(TranslatedScopedModelAdmin):
    list_display = ("name", "sector")
    list_select_related = ("sector",)
    list_filter = ("sector",)
    search_fields = ("name", "sector__name")
    prepopulated_fields = {"slug": ("name",)}
