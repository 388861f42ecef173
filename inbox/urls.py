from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views

app_name = "inbox"

urlpatterns = [
    path(
        pgettext_lazy("URL", "klastry/<slug:slug>/napisz/"),
        views.MessageView.as_view(),
        name="write",
    ),
    path(
        pgettext_lazy("URL", "klastry/<slug:slug>/napisz/wyslano/"),
        views.MessageSentView.as_view(),
        name="message-sent",
    ),
    path(
        pgettext_lazy("URL", "klastry/<slug:slug>/poprawka/"),
        views.ClusterCorrectionView.as_view(),
        name="correct-cluster",
    ),
    path(
        pgettext_lazy("URL", "czlonkowie/<slug:slug>/poprawka/"),
        views.OrganisationCorrectionView.as_view(),
        name="correct-organisation",
    ),
    path(
        pgettext_lazy("URL", "poprawka/wyslano/"),
        views.CorrectionSentView.as_view(),
        name="correction-sent",
    ),
    path(pgettext_lazy("URL", "ochrona-danych/"), views.PrivacyView.as_view(), name="privacy"),
]
