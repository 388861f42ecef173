"""The language of a request, and a database outage answered by a clear 503 page."""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext as _

from .context_processors import DEFAULT_DESCRIPTION

logger = logging.getLogger(__name__)

#: How long a client (or a load balancer) should wait before asking again.
RETRY_AFTER_SECONDS = 30

#: The errors a lost or unreachable database raises (psycopg and sqlite3 alike).
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


def database_unavailable_response():
    """The 503 page. It never touches the database: no request context, no context processors."""
    try:
        body = loader.render_to_string(
            "503.html",
            {
                "page_title": _("Serwis chwilowo niedostępny"),
                "page_description": _("Baza danych katalogu chwilowo nie odpowiada."),
                "default_page_description": DEFAULT_DESCRIPTION,
            },
        )
    except Exception:  # the page must come out even if the template cannot be rendered
        logger.exception("The 503 template could not be rendered")
        body = "<!doctype html><title>503</title><h1>Serwis chwilowo niedostępny</h1>"
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Turns a database outage raised by a view (or its template) into the 503 page.

    Outages raised outside views (e.g. while saving the session) reach ``config.views.server_error``,
    the handler500, which answers the same page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_UNAVAILABLE):
            logger.warning(
                "Database unavailable (%s): answering 503 for %s", exception, request.path
            )
            return database_unavailable_response()
        return None


class LanguageFromPathMiddleware:
    """The language is the URL's: "/en/..." is English, everything else Polish (the admin included).

    Django's LocaleMiddleware would also read the language cookie and Accept-Language (and add
    ``Vary: Accept-Language``); here neither is ever consulted, so a page's address alone says its
    language and a link opens for everyone as it was shared.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
