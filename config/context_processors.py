from django.utils.translation import gettext_lazy as _

from core.languages import alternate_urls, language_links, paths_in_languages

DEFAULT_DESCRIPTION = _(
    "Katalog klastrów biznesowych Lublina i województwa lubelskiego: klastry, ekosystemy "
    "gospodarcze, organizacje członkowskie, specjalizacje i państwa partnerskie."
)


def site_meta(request):
    """What every page's <head> needs; a view overrides page_title and page_description.

    The canonical URL is the page in its own language (the path, without filters); the alternates
    name the same page in every language for search engines, the switch leads to it with filters
    (both from one reverse of the page per language).
    """
    paths = paths_in_languages(request)
    return {
        "canonical_url": request.build_absolute_uri(request.path),
        "default_page_description": DEFAULT_DESCRIPTION,
        "alternate_urls": alternate_urls(request, paths),
        "language_links": language_links(request, paths),
    }
