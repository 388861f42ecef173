"""Pages of the site as a whole: robots.txt and the "not found" page."""

from django.conf import settings
from django.shortcuts import render
from django.urls import NoReverseMatch, get_resolver, reverse
from django.utils import translation
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
                *csv_export_paths(),
                *in_every_language("clusters:search"),
            ],
            sitemap_url=self.request.build_absolute_uri(reverse("sitemap")),
            **kwargs,
        )


def in_every_language(view_name):
    """The path of ``view_name`` in each language of the site (Polish at the root, /en/...)."""
    paths = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            paths.append(reverse(view_name))
    return paths


def csv_export_paths():
    """Every URL named "export" or "<something>-export" (the CSV downloads), whichever app adds one,
    in every language."""
    paths = set()
    for namespace, (_prefix, resolver) in get_resolver().namespace_dict.items():
        for name in resolver.reverse_dict:
            if isinstance(name, str) and (name == "export" or name.endswith("-export")):
                try:
                    paths.update(in_every_language(f"{namespace}:{name}"))
                except NoReverseMatch:  # an export that needs arguments is not a fixed path
                    continue
    return sorted(paths)


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
