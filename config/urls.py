from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from clusters import urls as clusters_urls
from config.views import healthz
from pages import urls as pages_urls

# A namespace is a section of the site: the domain app's own URLs and, for the pages of that section
# that compose several apps, the views of `pages` (see pages/urls.py).
urlpatterns = [
    path("", include((clusters_urls.urlpatterns + pages_urls.clusters_section, "clusters"))),
    path("ekosystemy/", include((pages_urls.ecosystems_section, "ecosystems"))),
    path("czlonkowie/", include("members.urls")),
    path("", include("inbox.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("", include(pages_urls)),
]

# A database outage raised outside a view still answers the 503 page (see config.middleware).
handler500 = "config.views.server_error"
handler404 = "pages.views.site.page_not_found"
