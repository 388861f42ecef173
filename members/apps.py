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

        from .models import MemberOrganisation, Membership
        from .visibility import keep_listed_in_step, refresh_all_after_migrate

        # ``listed`` is derived from other rows: a revert must leave it as they make it
        register_history(MemberOrganisation, exclude=("listed",))
        register_history(Membership)
        keep_listed_in_step()
        post_migrate.connect(refresh_all_after_migrate, sender=self)
