from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    """The pages that compose several domain apps; it has no models."""

    name = "pages"
    verbose_name = _("Strony serwisu")
