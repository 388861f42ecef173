from django.utils.translation import gettext_lazy as _

DEFAULT_DESCRIPTION = _(
    "Katalog klastrów biznesowych Lublina i województwa lubelskiego: klastry, ekosystemy "
    "gospodarcze, organizacje członkowskie, specjalizacje i państwa partnerskie."
)


def site_meta(request):
    """What every page's <head> needs; a view overrides page_title and page_description."""
    return {
        "canonical_url": request.build_absolute_uri(request.path),
        "default_page_description": DEFAULT_DESCRIPTION,
    }
