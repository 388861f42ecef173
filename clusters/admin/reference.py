"""Shared reference data: initiators, sectors and specialisations (offices may only read them)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from backoffice.scoping import (
    TranslatedScopedModelAdmin,
    TranslatedScopedTabularInline,
    count_column,
)
from clusters.models import Initiator, Sector, Specialisation


@admin.register(Initiator)
class InitiatorAdmin(TranslatedScopedModelAdmin):
    list_display = ("name", "short_name", "kind", "cluster_count")
    list_filter = ("kind",)
    search_fields = ("name", "short_name")
    prepopulated_fields = {"slug": ("name",)}
    counts = {"cluster_count": "clusters"}
    cluster_count = count_column("cluster_count", _("klastry"))
    autocomplete_fields = ("source",)


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
