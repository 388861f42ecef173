"""The admin log (who changed what and when), readable by directory administrators.

Django writes a LogEntry for every addition, change and deletion made in the admin; each object's
"Historia" page shows its own entries (scoped like the object), and the index shows a user's own.
LogEntry has no ``for_staff``, so the scoping mixin shows this list to administrators only.
"""

from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.utils.translation import gettext_lazy as _

from backoffice.scoping import ScopedModelAdmin


@admin.register(LogEntry)
class LogEntryAdmin(ScopedModelAdmin):
    list_display = ("action_time", "user", "object_repr", "message")  # the message names the action
    list_select_related = ("user", "content_type")
    # Only the users and kinds of record that appear in the log, not every one that exists.
    list_filter = (
        "action_time",
        "action_flag",
        ("user", admin.RelatedOnlyFieldListFilter),
        ("content_type", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("object_repr", "user__username", "change_message")

    @admin.display(description=_("zmiany"))
    def message(self, entry):
        return entry.get_change_message()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
