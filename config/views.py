"""Views of the site as a whole: the load balancer's health check and the error handlers."""

import logging
import sys

from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseBadRequest
from django.template import loader
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .middleware import DATABASE_UNAVAILABLE, database_unavailable_response

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request):
    """200 "ok" when the database answers ``SELECT 1``, 503 when it does not.

    Connecting gives up after DB_CONNECT_TIMEOUT seconds (PostgreSQL), so a load balancer's probe
    never hangs. The view uses no session, no user and no template.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("Health check failed: %s", error)
        response = HttpResponse("database unavailable\n", status=503, content_type="text/plain")
        response["Retry-After"] = "10"
        return response
    return HttpResponse("ok\n", content_type="text/plain")


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    """handler500: a database outage raised outside a view still gets the 503 page."""
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        return database_unavailable_response()
    return defaults.server_error(request, template_name)


def bad_request(request, exception):
    """handler400, rendered as the 500 page is: without the request, since what was wrong may be
    in it. Django's own handler reads the request's form again for its CSRF check: a form body
    Django refuses to decode (a charset other than UTF-8) raised once more there, and the server
    answered its bare 500. The site's context processors read the Host header, which may be the
    one refused."""
    return HttpResponseBadRequest(loader.get_template("400.html").render())
