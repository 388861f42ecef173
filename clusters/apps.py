from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClustersConfig(AppConfig):
    name = "clusters"
    verbose_name = _("Klastry")

    def ready(self):
        from django.db.models import fields

        # Django 6.1's new empty-choice label ("- Select an option -") has no Polish translation
        # yet; Django documents replacing it here. Used by the admin's and the public forms' selects.
        fields.BLANK_CHOICE_LABEL = _("– wybierz –")
