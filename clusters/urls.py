"""The clusters' own pages; the pages of this section that compose several apps (the profile, the
specialisations, the home page and the search) join this namespace from ``pages.urls``."""

from django.urls import path

from .views import countries, listing

app_name = "clusters"

urlpatterns = [
    path("klastry/", listing.ClusterListView.as_view(), name="list"),
    path("klastry/eksport.csv", listing.ClusterExportView.as_view(), name="export"),
    path("kraje/", countries.CountryListView.as_view(), name="country-list"),
]
