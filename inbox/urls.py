from django.urls import path

from . import views

app_name = "inbox"

urlpatterns = [
    path("klastry/<slug:slug>/napisz/", views.MessageView.as_view(), name="write"),
    path(
        "klastry/<slug:slug>/napisz/wyslano/",
        views.MessageSentView.as_view(),
        name="message-sent",
    ),
    path(
        "klastry/<slug:slug>/poprawka/",
        views.ClusterCorrectionView.as_view(),
        name="correct-cluster",
    ),
    path(
        "czlonkowie/<slug:slug>/poprawka/",
        views.OrganisationCorrectionView.as_view(),
        name="correct-organisation",
    ),
    path(
        "poprawka/wyslano/",
        views.CorrectionSentView.as_view(),
        name="correction-sent",
    ),
    path("ochrona-danych/", views.PrivacyView.as_view(), name="privacy"),
]
