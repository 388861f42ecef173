"""Who manages which back-office account.

Directory administrators manage office accounts: create them, reset their passwords, put them in
the office group and attach them to clusters. Granting the rights to manage accounts (the
administrators' group, a permission of its own) or superuser status is a superuser's decision, so
an administrator who is not a superuser neither sees those fields as editable nor reaches the
accounts that hold such rights (superusers, other administrators, itself included: its own
password has the "Zmień hasło" page). The user admin is ``backoffice.admin.accounts``.
"""

from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef, Q

from backoffice.roles import OFFICE_STAFF_GROUP

# What only a superuser sets on an account.
SUPERUSER_ONLY_FIELDS = ("is_superuser", "user_permissions")


def manageable_accounts(queryset, user):
    """The accounts ``user`` may open in the back office."""
    if user.is_active and user.is_superuser:
        return queryset
    through = queryset.model.user_permissions.through
    holds_rights = Q(is_superuser=True) | Q(Exists(through.objects.filter(user=OuterRef("pk"))))
    managers = queryset.model.groups.through.objects.filter(
        user=OuterRef("pk"), group__permissions__content_type__app_label="auth"
    )
    return queryset.exclude(holds_rights | Q(Exists(managers)))


class AccountRightsMixin:
    """For the user admin: non-superusers manage office accounts only (module docstring)."""

    def get_queryset(self, request):
        return manageable_accounts(super().get_queryset(request), request.user)

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if request.user.is_superuser:
            return readonly
        return (*readonly, *SUPERUSER_ONLY_FIELDS)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = Group.objects.filter(name=OFFICE_STAFF_GROUP)
        return super().formfield_for_manytomany(db_field, request, **kwargs)
