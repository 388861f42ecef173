from django.urls import path

from . import views

app_name = "ecosystems"

urlpatterns = [
    path("", views.EcosystemListView.as_view(), name="list"),
    path("<slug:slug>/", views.EcosystemDetailView.as_view(), name="detail"),
]
