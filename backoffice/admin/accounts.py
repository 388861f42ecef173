"""Accounts: the user admin, to which the domain apps add what they know of an account.

The back office knows no domain app; an app that ties rows to accounts (clusters: the offices an
account runs) shows them on the user's page with ``@account_inline`` on its inline class.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from backoffice.account_rights import AccountRightsMixin
from backoffice.scoping import StaffScopedAdminMixin

User = get_user_model()

admin.site.unregister(User)


@admin.register(User)
class AccountAdmin(AccountRightsMixin, StaffScopedAdminMixin, UserAdmin):
    inlines = ()  # filled by account_inline
    list_filter = ("is_staff", "is_active", "groups")


def account_inline(inline):
    """Class decorator: show ``inline`` on every user's page in the back office."""
    AccountAdmin.inlines = (*AccountAdmin.inlines, inline)
    return inline
