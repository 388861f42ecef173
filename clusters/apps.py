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

        from backoffice.history import register_history
        from core.data_version import track_app_data

        # Every write to these rows retires the cached public pages.
        track_app_data(self)

        from . import models

        # Which accounts work for a cluster is not the cluster's content: no revert touches it.
        register_history(models.Cluster, exclude=("staff",))
        for model in (
            models.MemberReport,
            models.PartnerCountry,
            models.Event,
            models.Project,
            models.Label,
            models.KeyFigure,
            models.Source,
            models.ActivityEvidence,
            models.Initiator,
            models.Sector,
            models.Specialisation,
        ):
            register_history(model)
