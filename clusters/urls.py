from django.urls import path

from .views import countries, home, listing, profile, search, specialisations

app_name = "clusters"

urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
    path("klastry/", listing.ClusterListView.as_view(), name="list"),
    path("klastry/eksport.csv", listing.ClusterExportView.as_view(), name="export"),
    path("klastry/<slug:slug>/", profile.ClusterDetailView.as_view(), name="detail"),
    path(
        "specjalizacje/",
        specialisations.SpecialisationListView.as_view(),
        name="specialisation-list",
    ),
    path(
        "specjalizacje/eksport.csv",
        specialisations.SpecialisationExportView.as_view(),
        name="specialisation-export",
    ),
    path(
        "specjalizacje/<slug:slug>/",
        specialisations.SpecialisationDetailView.as_view(),
        name="specialisation-detail",
    ),
    path("kraje/", countries.CountryListView.as_view(), name="country-list"),
    path("szukaj/", search.SearchView.as_view(), name="search"),
]
