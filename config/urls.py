from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import pgettext_lazy

from clusters import urls as clusters_urls
from config.views import healthz
from pages import urls as pages_urls

# The back office, the health probe, sitemap.xml and robots.txt have one address (and the admin is
# Polish). Everything else is in both languages: Polish at the root as it always was, English under
# /en/ with English paths (the routes are translated, slugs are the same).
urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("", include(pages_urls)),
]

# A namespace is a section of the site: the domain app's own URLs and, for the pages of that section
# that compose several apps, the views of `pages` (see pages/urls.py).
urlpatterns += i18n_patterns(
    path("", include((clusters_urls.urlpatterns + pages_urls.clusters_section, "clusters"))),
    path(
        pgettext_lazy("URL", "ekosystemy/"), include((pages_urls.ecosystems_section, "ecosystems"))
    ),
    path(pgettext_lazy("URL", "czlonkowie/"), include("members.urls")),
    path("", include("inbox.urls")),
    path("", include(pages_urls.site_pages)),
    prefix_default_language=False,
)

# A database outage raised outside a view still answers the 503 page (see config.middleware).
handler400 = "config.views.bad_request"
handler500 = "config.views.server_error"
handler404 = "pages.views.site.page_not_found"
