from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EcosystemsConfig(AppConfig):
    name = "ecosystems"
    verbose_name = _("Ekosystemy gospodarcze")

    def ready(self):
        from backoffice.history import register_history
        from core.data_version import track_app_data

        # Every write to these rows retires the cached public pages.
        track_app_data(self)

        from .models import Ecosystem

        register_history(Ecosystem)
