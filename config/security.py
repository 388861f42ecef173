"""Who is asking: the client address for django-axes, and the lockout page it shows."""

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.client_address import client_ip

__all__ = ["client_ip", "lockout_response"]


def lockout_response(request, original_response=None, credentials=None):
    """The page django-axes shows once a user name from an address, or an address, has failed too
    often (HTTP 429)."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    response = render(
        request,
        "axes/lockout.html",
        {
            "page_title": _("Logowanie tymczasowo zablokowane"),
            "cooloff_minutes": max(1, seconds // 60),
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "address_failure_limit": settings.AXES_ADDRESS_FAILURE_LIMIT,
        },
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response
