from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views

app_name = "members"

urlpatterns = [
    path("", views.OrganisationListView.as_view(), name="list"),
    path(
        pgettext_lazy("URL", "eksport.csv"), views.OrganisationExportView.as_view(), name="export"
    ),
    path("<slug:slug>/", views.OrganisationDetailView.as_view(), name="detail"),
]
