"""The five economic ecosystems: shared reference data, edited by directory administrators.

Scoped, like every admin class, by the mixin of ``backoffice.scoping``.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from backoffice.scoping import TranslatedScopedModelAdmin, count_column

from .models import Ecosystem


@admin.register(Ecosystem)
class EcosystemAdmin(TranslatedScopedModelAdmin):
    list_display = ("name", "position", "cluster_count")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug", "position", "summary", "description")
    counts = {"cluster_count": "clusters"}
    cluster_count = count_column("cluster_count", _("klastry"))
