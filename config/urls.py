from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.http import require_safe

from clusters.sitemaps import SITEMAPS
from clusters.views.site import RobotsView

urlpatterns = [
    path("", include("clusters.urls")),
    path("ekosystemy/", include("ecosystems.urls")),
    path("czlonkowie/", include("members.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
    path("sitemap.xml", require_safe(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", RobotsView.as_view(), name="robots"),
]

handler404 = "clusters.views.site.page_not_found"
