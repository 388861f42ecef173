"""Pages of the site as a whole: robots.txt and the "not found" page."""

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView


class RobotsView(TemplateView):
    """robots.txt: the public site is open; the back office, CSV exports and search results are not."""

    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            disallowed=[
                "/" + settings.ADMIN_URL,
                reverse("clusters:export"),
                reverse("members:export"),
                reverse("clusters:search"),
            ],
            sitemap_url=self.request.build_absolute_uri(reverse("sitemap")),
            **kwargs,
        )


def page_not_found(request, exception):
    """handler404: the site's layout, a way back and the search box (nothing here reads the DB)."""
    return render(
        request,
        "404.html",
        {
            "page_title": _("Nie znaleziono strony"),
            "page_description": _("Pod tym adresem nie ma strony katalogu Klastry Lubelskie."),
        },
        status=404,
    )
