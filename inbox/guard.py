"""Spam defences of the visitors' forms: a honeypot field, a minimum fill time, a rate limit.

The rate limit counts what the same client sent in the last window in the database itself (by a
keyed hash of its address, never the address), so it is exact across gunicorn workers and servers
with no shared cache. Two requests racing past the count at the same moment may both get in; the
next one is refused.
"""

import hashlib
import hmac
import time
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.utils import timezone

from core.client_address import client_ip

from .models import Correction, Message

HONEYPOT_FIELD = "homepage"
STARTED_FIELD = "started"
_SALT = "inbox.form-started"


def client_hash(request) -> str:
    """A keyed hash of the client's address: equal for one address, useless without SECRET_KEY."""
    address = client_ip(request).encode()
    return hmac.new(settings.SECRET_KEY.encode(), address, hashlib.sha256).hexdigest()


def rate_window() -> timedelta:
    return timedelta(minutes=settings.INBOX_RATE_WINDOW_MINUTES)


def limit_reached(request) -> bool:
    """Has this client already sent INBOX_RATE_LIMIT messages and corrections in the window?"""
    key = client_hash(request)
    since = timezone.now() - rate_window()
    sent = sum(model.objects.from_client(key, since).count() for model in (Message, Correction))
    return sent >= settings.INBOX_RATE_LIMIT


def honeypot_filled(data) -> bool:
    """People do not see the field (site.css moves it off screen); form-filling robots fill it."""
    return bool(data.get(HONEYPOT_FIELD, "").strip())


def started_token() -> str:
    """A signed "the form was shown now", put in the form as a hidden field."""
    return signing.dumps(time.time(), salt=_SALT)


class FillTime:
    """How the signed start time of a sent form reads: ok, too fast, too old or not ours."""

    OK, TOO_FAST, EXPIRED, INVALID = "ok", "too-fast", "expired", "invalid"

    @staticmethod
    def check(token: str) -> str:
        try:
            started = signing.loads(
                token, salt=_SALT, max_age=timedelta(hours=settings.INBOX_MAX_FILL_HOURS)
            )
        except signing.SignatureExpired:
            return FillTime.EXPIRED
        except signing.BadSignature:
            return FillTime.INVALID
        if not isinstance(started, int | float):
            return FillTime.INVALID
        if time.time() - started < settings.INBOX_MIN_FILL_SECONDS:
            return FillTime.TOO_FAST
        return FillTime.OK
