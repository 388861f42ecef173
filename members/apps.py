from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Organizacje członkowskie")

    def ready(self):
        from backoffice.history import register_history
        from core.data_version import track_app_data

        # Every write to these rows retires the cached public pages.
        track_app_data(self)

        from . import name_copies, visibility
        from .models import MemberOrganisation, Membership

        # derived from other rows (DERIVED_FIELDS): a revert must leave them as those rows make them
        register_history(MemberOrganisation, exclude=MemberOrganisation.DERIVED_FIELDS)
        register_history(Membership, exclude=Membership.DERIVED_FIELDS)
        visibility.keep_listed_in_step()
        name_copies.keep_name_copies_in_step()
        post_migrate.connect(visibility.refresh_all_after_migrate, sender=self)
        post_migrate.connect(name_copies.refresh_all_after_migrate, sender=self)
