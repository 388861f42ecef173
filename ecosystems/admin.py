"""The five economic ecosystems: shared reference data, edited by directory administrators.

Scoped, like every admin class, by the mixin of ``backoffice.scoping``.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from backoffice.scoping import TranslatedScopedModelAdmin, with_counts

from .models import Ecosystem


@admin.register(Ecosystem)
class EcosystemAdmin(TranslatedScopedModelAdmin):
    list_display = ("name", "position", "cluster_count")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug", "position", "summary", "description")

    def get_queryset(self, request):
        return with_counts(super().get_queryset(request), cluster_count="clusters")

    @admin.display(description=_("klastry"), ordering="cluster_count")
    def cluster_count(self, ecosystem):
        return ecosystem.cluster_count
