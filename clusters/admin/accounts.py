"""Accounts: an administrator sees on a user's page which clusters' offices the user works for."""

from django.utils.translation import gettext_lazy as _

from backoffice.admin.accounts import account_inline
from backoffice.scoping import ScopedTabularInline
from clusters.models import Cluster


@account_inline
class StaffedClusterInline(ScopedTabularInline):
    """The other side of the cluster page's "pracownicy biura klastra" field.

    The through model has no for_staff, so (like users themselves) only administrators see it.
    """

    model = Cluster.staff.through
    autocomplete_fields = ("cluster",)
    verbose_name = _("klaster, którego biuro prowadzi to konto")
    verbose_name_plural = _("klastry, których biuro prowadzi to konto")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # The auto-created through model names its field in English ("cluster").
        if db_field.name == "cluster":
            kwargs["label"] = Cluster._meta.verbose_name
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
