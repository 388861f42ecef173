"""Pages of their own for the rows a cluster owns (they are also inlines on the cluster page)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from backoffice.scoping import ScopedModelAdmin, TranslatedScopedModelAdmin
from clusters.models import (
    ActivityEvidence,
    Event,
    KeyFigure,
    Label,
    MemberReport,
    PartnerCountry,
    Project,
    Source,
)
from core.permissions import edits_everything

# A report's figures, grouped as the seed presents them; shared by its own page and the inline.
REPORT_BREAKDOWN_FIELDSETS = (
    (
        _("Według rodzaju organizacji"),
        {
            "fields": (
                ("enterprises", "business_support", "higher_education"),
                ("hospitals", "public_administration", "other_members"),
            )
        },
    ),
    (_("Według miejsca"), {"fields": (("voivodeship_count", "in_voivodeship", "in_lublin"),)}),
)


class ClusterRowAdmin(ScopedModelAdmin):
    """Shared by every row that has a ``cluster`` foreign key: listed and filtered by cluster."""

    list_select_related = ("cluster",)
    list_filter = ("cluster",)
    search_fields = ("cluster__name",)
    autocomplete_fields = ("source",)


@admin.register(MemberReport)
class MemberReportAdmin(ClusterRowAdmin):
    list_display = ("cluster", "as_of_year", "total", "enterprises", "source")
    list_select_related = ("cluster", "source")
    search_fields = ("cluster__name", "source__title")
    fieldsets = (
        (
            None,
            {"fields": ("cluster", ("as_of_year", "total", "is_lower_bound"), "source", "note")},
        ),
        *REPORT_BREAKDOWN_FIELDSETS,
    )


@admin.register(PartnerCountry)
class PartnerCountryAdmin(ClusterRowAdmin):
    list_display = ("country", "cluster", "tie", "via")
    list_filter = ("tie", "cluster")
    search_fields = ("cluster__name", "via")


@admin.register(Event)
class EventAdmin(ClusterRowAdmin, TranslatedScopedModelAdmin):
    list_display = ("name", "cluster", "year", "scope")
    list_filter = ("scope", "cluster")
    search_fields = ("name", "cluster__name")


@admin.register(Project)
class ProjectAdmin(ClusterRowAdmin, TranslatedScopedModelAdmin):
    list_display = ("name", "cluster")
    search_fields = ("name", "description", "cluster__name")


@admin.register(KeyFigure)
class KeyFigureAdmin(ClusterRowAdmin, TranslatedScopedModelAdmin):
    list_display = ("__str__", "cluster", "position")
    search_fields = ("label", "cluster__name")


@admin.register(Label)
class LabelAdmin(ClusterRowAdmin):
    list_display = ("kind", "cluster", "year", "valid_from", "valid_until", "expired")
    list_filter = ("kind", "cluster")

    @admin.display(description=_("wygasło"), boolean=True)
    def expired(self, label):
        return label.is_expired()


@admin.register(ActivityEvidence)
class ActivityEvidenceAdmin(ClusterRowAdmin):
    list_display = ("summary", "cluster", "stated_date", "source")
    list_select_related = ("cluster", "source")
    search_fields = ("summary", "cluster__name")
    date_hierarchy = "date"

    @admin.display(description=_("kiedy"), ordering="date")
    def stated_date(self, evidence):
        return evidence.when


@admin.register(Source)
class SourceAdmin(ScopedModelAdmin):
    """Sources are shared: an office edits one only while no other cluster cites it."""

    list_display = ("title", "publisher", "stated_date", "url")
    list_filter = ("date_precision",)
    search_fields = ("title", "publisher", "url", "slug")
    prepopulated_fields = {"slug": ("title",)}
    fields = ("title", "publisher", "url", ("date", "date_precision"), "slug")

    @admin.display(description=_("data"), ordering="date")
    def stated_date(self, source):
        return source.when

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        # The identifier the fixtures use to find the row: the directory's to change.
        if obj is not None and not edits_everything(request.user):
            return (*readonly, "slug")
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        if "slug" in self.get_readonly_fields(request, obj):
            return {}
        return super().get_prepopulated_fields(request, obj)
