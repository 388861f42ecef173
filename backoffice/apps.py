from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackofficeConfig(AppConfig):
    """The back office's rules: scoping, roles, accounts and the admin log. It has no models."""

    name = "backoffice"
    verbose_name = _("Administracja")
