"""What the app trusts from the proxies in front of it, checked once at start-up.

Two settings describe the proxy: ``BEHIND_TLS_PROXY`` (trust its ``X-Forwarded-Proto``) and
``TRUSTED_PROXY_COUNT`` (how many proxies append to ``X-Forwarded-For``; the login lockout counts
by the address they report). A set-up where they contradict each other fails loudly, before the
first request, instead of quietly weakening the login lockout.
"""

from django.core.exceptions import ImproperlyConfigured


def trusted_proxy_count(raw: str, *, behind_tls_proxy: bool) -> int:
    """``TRUSTED_PROXY_COUNT`` as a number, or ImproperlyConfigured with the reason."""
    try:
        count = int(raw)
    except ValueError:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXY_COUNT must be a whole number (0 without a proxy), not {raw!r}."
        ) from None
    if count < 0:
        raise ImproperlyConfigured("TRUSTED_PROXY_COUNT cannot be negative.")
    if behind_tls_proxy and count == 0:
        raise ImproperlyConfigured(
            "BEHIND_TLS_PROXY=1 says a proxy sits in front, but TRUSTED_PROXY_COUNT=0 ignores the "
            "X-Forwarded-For it sends: every visitor would share the proxy's address, and a few "
            "failed logins would lock the back office for everyone. Set TRUSTED_PROXY_COUNT to "
            "the number of proxies in front (usually 1)."
        )
    return count
