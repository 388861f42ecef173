"""Who is asking: the client address for django-axes, and the lockout page it shows."""

import functools
import ipaddress
import logging

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def client_ip(request):
    """The visitor's address, as the last ``TRUSTED_PROXY_COUNT`` proxies in front of us report it.

    With no proxy (the default) it is REMOTE_ADDR. Behind N trusted proxies it is the N-th address
    from the right of X-Forwarded-For: the one our own outermost proxy saw, which a client cannot
    forge (addresses further left are whatever the client wrote).
    """
    remote_addr = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        if "HTTP_X_FORWARDED_FOR" in request.META:
            _warn_once_of_an_ignored_proxy()
        return remote_addr
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < count:
        return remote_addr
    candidate = forwarded[-count]
    try:
        ipaddress.ip_address(candidate)
    except ValueError:
        return remote_addr
    return candidate


@functools.cache
def _warn_once_of_an_ignored_proxy():
    # Behind a proxy that nobody declared, every visitor shares its address for the lockout.
    logger.warning(
        "A login came with X-Forwarded-For while TRUSTED_PROXY_COUNT=0: if a proxy sits in front, "
        "set TRUSTED_PROXY_COUNT, or every visitor shares its address for the login lockout."
    )


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
