"""Member organisations and memberships in the back office.

An office adds an organisation straight into one of its clusters (the add form asks which), and
edits it only while it belongs to its clusters and no other (``MemberOrganisation.for_staff``).
"""

from functools import partial

from django import forms
from django.contrib import admin
from django.db.models.utils import get_blank_choice_label
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from backoffice.scoping import (
    ScopedModelAdmin,
    ScopedTabularInline,
    TranslatedScopedModelAdmin,
    staff_choices,
)
from clusters.admin.cluster import cluster_page_inline
from clusters.models import Cluster
from core.permissions import edits_everything

from .import_admin import export_view, import_view, template_view
from .models import MemberOrganisation, Membership, MembershipRole
from .ownership import membership_form


class OrganisationAddForm(forms.ModelForm):
    """The add form: the organisation and its first membership, so an office never loses sight of it."""

    cluster = forms.ModelChoiceField(
        queryset=Cluster.objects.none(),
        label=_("Klaster"),
        required=False,
        help_text=_("Organizacja zostanie zapisana jako członek tego klastra."),
    )
    role = forms.ChoiceField(
        choices=MembershipRole.choices, initial=MembershipRole.MEMBER, label=_("Rola w klastrze")
    )

    cluster_choices = Cluster.objects.none()
    cluster_required = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["cluster"]
        field.queryset = self.cluster_choices
        field.required = self.cluster_required
        # Declared at import, before clusters' ready() sets the Polish label; an office with a
        # single cluster finds it chosen.
        field.empty_label = get_blank_choice_label()
        if self.cluster_required and len(self.cluster_choices) == 1:
            field.initial = self.cluster_choices[0].pk


@cluster_page_inline
class MembershipInline(ScopedTabularInline):
    """The cluster page's list of its member organisations."""

    model = Membership
    fields = ("organisation", "role", "since_year", "source")
    autocomplete_fields = ("organisation", "source")
    verbose_name_plural = _("organizacje członkowskie (członkostwa)")
    max_rows = 100  # a bigger cluster's page links to its memberships' list

    def get_formset(self, request, obj=None, **kwargs):
        # Another office's organisation joins only as a member (members.ownership).
        kwargs["form"] = membership_form(request.user)
        return super().get_formset(request, obj, **kwargs)


class OrganisationMembershipInline(ScopedTabularInline):
    model = Membership
    fields = ("cluster", "role", "since_year", "source")
    autocomplete_fields = ("source",)
    verbose_name_plural = _("członkostwo w klastrach")

    def get_min_num(self, request, obj=None, **kwargs):
        # An office keeps at least one of its clusters on the organisation, or it would vanish
        # from the office's view (and from its reach) on save.
        return None if edits_everything(request.user) else 1

    def get_formset(self, request, obj=None, **kwargs):
        return super().get_formset(request, obj, validate_min=True, **kwargs)


@admin.register(MemberOrganisation)
class MemberOrganisationAdmin(TranslatedScopedModelAdmin):
    list_display = ("name", "organisation_type", "city", "voivodeship", "cluster_names")
    list_filter = ("organisation_type", "voivodeship", "clusters")
    search_fields = ("name", "aliases", "city")
    autocomplete_fields = ("specialisations",)
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("updated_at",)
    inlines = (OrganisationMembershipInline,)
    fieldsets = (
        (None, {"fields": ("name", "aliases", "slug", "organisation_type")}),
        (_("Gdzie działa"), {"fields": ("city", "voivodeship", "country")}),
        (_("Profil"), {"fields": ("website", "description", "specialisations")}),
        (_("Zmiany"), {"fields": ("updated_at",)}),
    )
    add_fieldsets = (
        (None, {"fields": ("name", "aliases", "slug", "organisation_type")}),
        (_("Członkostwo"), {"fields": ("cluster", "role")}),
        (_("Gdzie działa"), {"fields": ("city", "voivodeship", "country")}),
        (_("Profil"), {"fields": ("website", "description", "specialisations")}),
    )

    def changelist_rows(self, queryset):
        return super().changelist_rows(queryset).prefetch_related("memberships__cluster")

    @admin.display(description=_("klastry"))
    def cluster_names(self, organisation):
        return ", ".join(sorted({m.cluster.name for m in organisation.memberships.all()}))

    def get_fieldsets(self, request, obj=None):
        if (
            obj is None
        ):  # each translated field as its Polish and English fields, as on the change form
            return self._patch_fieldsets(self.add_fieldsets)
        return super().get_fieldsets(request, obj)

    def get_inlines(self, request, obj):
        # On the add page the "klaster" field makes the first membership.
        return () if obj is None else super().get_inlines(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if obj is not None and not edits_everything(request.user):
            return (*readonly, "slug")  # the public address stays as the directory set it
        return readonly

    def get_form(self, request, obj=None, **kwargs):
        if obj is not None:
            return super().get_form(request, obj, **kwargs)
        kwargs["form"] = type(
            "OrganisationAddForm",
            (OrganisationAddForm,),
            {
                "cluster_choices": staff_choices(Cluster.objects.all(), request.user),
                "cluster_required": not edits_everything(request.user),
            },
        )
        return super().get_form(request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        cluster = None if change else form.cleaned_data.get("cluster")
        if cluster is not None:
            membership = Membership.objects.create(
                organisation=obj, cluster=cluster, role=form.cleaned_data["role"]
            )
            self.log_addition(request, membership, [{"added": {}}])


@admin.register(Membership)
class MembershipAdmin(ScopedModelAdmin):
    list_display = ("organisation", "cluster", "role", "since_year")
    list_select_related = ("organisation", "cluster")
    list_filter = ("role", "cluster")
    search_fields = ("organisation__name", "cluster__name")
    autocomplete_fields = ("organisation", "source")

    def get_urls(self):
        def view(function):
            return self.admin_site.admin_view(partial(function, self))

        return [
            path("import/", view(import_view), name="members_membership_import"),
            path(
                "import/template.csv",
                view(template_view),
                name="members_membership_import_template",
            ),
            path(
                "import/template.xlsx",
                view(partial(template_view, file_format="xlsx")),
                name="members_membership_import_template_xlsx",
            ),
            path("export/<int:cluster_id>/", view(export_view), name="members_membership_export"),
            path(
                "export/<int:cluster_id>/xlsx/",
                view(partial(export_view, file_format="xlsx")),
                name="members_membership_export_xlsx",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        if self.has_change_permission(request):
            extra_context = {
                "import_url": reverse("admin:members_membership_import"),
                **(extra_context or {}),
            }
        return super().changelist_view(request, extra_context)

    def get_exclude(self, request, obj=None):
        # The mark is the directory's to lift (making the organisation shared); offices never see it.
        return None if edits_everything(request.user) else ("linked_by_office",)

    def get_form(self, request, obj=None, **kwargs):
        # Another office's organisation joins only as a member (members.ownership).
        kwargs["form"] = membership_form(request.user)
        return super().get_form(request, obj, **kwargs)
