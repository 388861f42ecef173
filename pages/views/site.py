"""Pages of the site as a whole: robots.txt and the "not found" page."""

from django.conf import settings
from django.shortcuts import render
from django.urls import NoReverseMatch, get_resolver, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.generic import TemplateView


class RobotsView(TemplateView):
    """robots.txt: the public site is open; the back office and the CSV exports are not.

    Search results are not disallowed: they carry ``<meta name="robots" content="noindex">``, which
    a crawler sees only if it may fetch the page (a disallowed URL can still be indexed, without its
    content, from links elsewhere). Crawl load stays bounded: the site links to no search URL of
    its own (the boxes are GET forms, which crawlers do not submit), and a search costs a capped
    number of indexed queries whatever the query (``pages.search``)."""

    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            disallowed=[
                "/" + settings.ADMIN_URL,
                *csv_export_paths(),
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
