"""Visitors' messages and corrections in the back office: each office sees those about its own
clusters (``for_staff``, through the one scoping mixin), reads them and sets their status.

What the visitor wrote is shown read-only; nobody adds one here, and there is no export of them.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from backoffice.scoping import ScopedModelAdmin

from .models import Correction, Message

DELIVERY_FIELDS = ("created_at", "sent_at", "send_attempts", "last_send_error")


class VisitorItemAdmin(ScopedModelAdmin):
    list_editable = ("status",)
    date_hierarchy = "created_at"
    actions = None  # no bulk export or change: each item is read and answered

    def has_add_permission(self, request):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [field for field in self.get_fields(request, obj) if field != "status"]

    @admin.display(boolean=True, description=_("e-mail wysłany"))
    def is_sent(self, obj):
        return obj.is_sent


@admin.register(Message)
class MessageAdmin(VisitorItemAdmin):
    list_display = ("created_at", "cluster", "topic", "name", "status", "is_sent")
    list_display_links = ("created_at",)
    list_filter = ("status", "topic", "cluster")
    list_select_related = ("cluster",)
    search_fields = ("name", "email", "organisation", "body")
    fields = (
        "cluster",
        "topic",
        "name",
        "email",
        "organisation",
        "body",
        "status",
        *DELIVERY_FIELDS,
    )


@admin.register(Correction)
class CorrectionAdmin(VisitorItemAdmin):
    list_display = ("created_at", "subject", "what_is_wrong", "status", "is_sent")
    list_display_links = ("created_at",)
    list_filter = ("status", "cluster")
    list_select_related = ("cluster", "organisation")
    search_fields = ("what_is_wrong", "proposed_value", "source_url")
    fields = (
        "cluster",
        "organisation",
        "what_is_wrong",
        "proposed_value",
        "source_url",
        "email",
        "status",
        *DELIVERY_FIELDS,
    )

    @admin.display(description=_("dotyczy"))
    def subject(self, obj):
        return obj.subject
