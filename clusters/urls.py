"""The clusters' own pages; the pages of this section that compose several apps (the profile, the
specialisations, the home page and the search) join this namespace from ``pages.urls``."""

from django.urls import path
from django.utils.translation import pgettext_lazy

from .views import countries, listing

app_name = "clusters"

urlpatterns = [
    path(pgettext_lazy("URL", "klastry/"), listing.ClusterListView.as_view(), name="list"),
    path(
        pgettext_lazy("URL", "klastry/eksport.csv"),
        listing.ClusterExportView.as_view(),
        name="export",
    ),
    path(pgettext_lazy("URL", "kraje/"), countries.CountryListView.as_view(), name="country-list"),
]
