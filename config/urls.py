from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.http import require_safe

from clusters.sitemaps import SITEMAPS
from clusters.views.site import RobotsView
from config.views import healthz

urlpatterns = [
    path("", include("clusters.urls")),
    path("ekosystemy/", include("ecosystems.urls")),
    path("czlonkowie/", include("members.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("sitemap.xml", require_safe(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", RobotsView.as_view(), name="robots"),
]

# A database outage raised outside a view still answers the 503 page (see config.middleware).
handler500 = "config.views.server_error"
handler404 = "clusters.views.site.page_not_found"
