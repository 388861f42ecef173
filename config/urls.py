from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("clusters.urls")),
    path("ekosystemy/", include("ecosystems.urls")),
    path("czlonkowie/", include("members.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]
