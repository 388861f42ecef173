"""The cluster page: the cluster's own fields and, as inlines, every row that belongs to it."""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from backoffice.scoping import (
    ScopedStackedInline,
    ScopedTabularInline,
    TranslatedScopedModelAdmin,
    TranslatedScopedStackedInline,
    TranslatedScopedTabularInline,
    count_column,
    staff_choices,
)
from clusters.models import (
    CHECKS,
    ActivityEvidence,
    Cluster,
    Event,
    KeyFigure,
    Label,
    MemberReport,
    PartnerCountry,
    Project,
)
from core.data_version import data_changed
from core.permissions import edits_everything

from .dependents import REPORT_BREAKDOWN_FIELDSETS

# What only a directory administrator decides about a cluster: who started it, where it belongs,
# its public address, and who works in its office.
ADMINISTRATOR_ONLY_FIELDS = ("slug", "initiator", "ecosystem", "is_ecosystem_anchor", "staff")


class MemberReportInline(ScopedStackedInline):
    model = MemberReport
    fieldsets = (
        (None, {"fields": (("as_of_year", "total", "is_lower_bound"), "source", "note")}),
        *REPORT_BREAKDOWN_FIELDSETS,
    )
    autocomplete_fields = ("source",)


class PartnerCountryInline(ScopedTabularInline):
    model = PartnerCountry
    fields = ("country", "tie", "via", "source")
    autocomplete_fields = ("source",)


class EventInline(TranslatedScopedTabularInline):
    model = Event
    fields = ("name", "year", "scope", "website", "source")
    autocomplete_fields = ("source",)


class ActivityEvidenceInline(ScopedTabularInline):
    model = ActivityEvidence
    fields = ("summary", "date", "date_precision", "source")
    autocomplete_fields = ("source",)


class ProjectInline(TranslatedScopedStackedInline):
    model = Project
    fields = ("name", "website", "description", "source")
    autocomplete_fields = ("source",)


class LabelInline(ScopedTabularInline):
    model = Label
    fields = ("kind", "year", "valid_from", "valid_until", "source")
    autocomplete_fields = ("source",)


class KeyFigureInline(TranslatedScopedTabularInline):
    model = KeyFigure
    fields = ("is_lower_bound", "value", "label", "position", "source")
    autocomplete_fields = ("source",)


@admin.register(Cluster)
class ClusterAdmin(TranslatedScopedModelAdmin):
    list_display = (
        "name",
        "initiator_name",
        "status",
        "founded_year",
        "member_count",
        "published",
        "completeness_column",
        "data_checked",
    )
    actions = ("confirm_data_checked",)
    list_select_related = ("initiator",)
    list_filter = ("published", "status", "form", "ecosystem", "initiator")
    search_fields = ("name", "name_en", "official_name", "aliases", "initiator__name")
    autocomplete_fields = (
        "initiator",
        "specialisations",
        "names_source",
        "founded_source",
        "contact_source",
        "description_sources",
    )
    filter_horizontal = ("staff",)
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("created_at", "updated_at")
    inlines = (  # members' MembershipInline comes first (cluster_page_inline)
        MemberReportInline,
        PartnerCountryInline,
        EventInline,
        ProjectInline,
        LabelInline,
        KeyFigureInline,
        ActivityEvidenceInline,
    )
    counts = {"member_count": "memberships"}
    member_count = count_column("member_count", _("organizacje w katalogu"))
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "official_name",
                    "aliases",
                    "names_source",
                    "slug",
                    "published",
                    "form",
                    "status",
                )
            },
        ),
        (_("Założenie"), {"fields": ("founded_year", "founded_note", "founded_source")}),
        (
            _("Kontakt"),
            {"fields": ("website", "email", "phone", "address", "contact_source")},
        ),
        (
            _("Opis i specjalizacje"),
            {"fields": ("description", "description_sources", "specialisations")},
        ),
        (_("Sprawdzenie danych"), {"fields": ("data_checked",)}),
        (
            _("Inicjator i ekosystem"),
            {"fields": ("initiator", "ecosystem", "is_ecosystem_anchor")},
        ),
        (_("Biuro klastra"), {"fields": ("staff",)}),
        (_("Zmiany"), {"fields": ("created_at", "updated_at")}),
    )

    def changelist_rows(self, queryset):
        return super().changelist_rows(queryset).with_completeness()

    @admin.display(description=_("kompletność"), ordering="completeness")
    def completeness_column(self, cluster):
        return f"{cluster.completeness}/{len(CHECKS)}"

    @admin.action(description=_("Potwierdzam aktualność danych"), permissions=("change",))
    def confirm_data_checked(self, request, queryset):
        """Record that the office compared the profile with its sources today, without an edit:
        only ``data_checked`` changes (not ``updated_at``), and the admin log says who did it."""
        today = timezone.localdate()
        clusters = list(queryset)
        Cluster.objects.filter(pk__in=[cluster.pk for cluster in clusters]).update(
            data_checked=today
        )
        data_changed()  # an update() sends no signal; the profiles show the date
        for cluster in clusters:
            self.log_change(
                request, cluster, [{"changed": {"fields": [str(_("dane sprawdzone"))]}}]
            )
        self.message_user(
            request,
            ngettext(
                "Dane sprawdzone %(date)s: zapisano dla %(count)d klastra.",
                "Dane sprawdzone %(date)s: zapisano dla %(count)d klastrów.",
                len(clusters),
            )
            % {"date": today.strftime("%d.%m.%Y"), "count": len(clusters)},
            messages.SUCCESS,
        )
        if request.POST.get("next") == "index":
            # The button on the admin home page brings the office back to its dashboard.
            return HttpResponseRedirect(reverse("admin:index"))
        return None

    @admin.display(description=_("inicjator"), ordering="initiator__name")
    def initiator_name(self, cluster):
        return cluster.initiator.short_name or cluster.initiator.name

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if edits_everything(request.user):
            return readonly
        return (*readonly, *ADMINISTRATOR_ONLY_FIELDS)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "staff":
            # Only accounts that can sign in to the back office can work in a cluster's office.
            users = get_user_model().objects.filter(is_staff=True, is_active=True)
            kwargs["queryset"] = staff_choices(users, request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    # Creating and removing clusters is the directory's decision; the group permissions say so
    # too, and these hold even if someone grants an office account more than its group.
    def has_add_permission(self, request):
        return edits_everything(request.user) and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return edits_everything(request.user) and super().has_delete_permission(request, obj)


def cluster_page_inline(inline):
    """Class decorator: an app above clusters (members) shows its rows first on the cluster page."""
    ClusterAdmin.inlines = (inline, *ClusterAdmin.inlines)
    return inline
