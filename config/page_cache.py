"""The full-page cache of public pages, shared by the app servers through the cache (Redis).

A page is stored when an anonymous visitor's GET (or HEAD) produced it and nothing in it belongs to that
visitor: status 200, not streamed, no cookie set, no ``Vary`` but Accept-Encoding (a session read
adds ``Vary: Cookie``), no CSRF token (the visitors' forms), no CSP nonce (it would not match the
next response's header), no Cache-Control of the view's own. It is served to requests that carry no
session or messages cookie (so never to a signed-in editor), never for the admin or ``/healthz``.

The key is the address (scheme, host, path, query with its parameters sorted) and the language;
the entry holds the data version it was rendered under (core.data_version) and is served only
while that is still the version, so any edit, on any app server, retires every page at once. The
version is read once per request (one GET); a memo of it in the process would let a server show
a page edited elsewhere for as long as the memo lasts.

Each entry keeps the body as is, gzipped and in brotli, made once when it is stored; a hit answers
in the encoding the browser accepts without compressing anything. Responses carry a weak ETag made
of the version and the key, so a revalidation (If-None-Match) is answered 304 before anything is
read but the version, and ``Cache-Control: public, max-age=0, must-revalidate, s-maxage=N``: a CDN
or proxy may hold the page N seconds, a browser asks again each time (a 304 when nothing changed).
Last-Modified is the version's time, for information: If-Modified-Since is not answered with 304,
as two edits in one second would share it.
"""

import gzip
import hashlib
import logging
import re
from urllib.parse import urlencode

import brotli
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control, split_header_value
from django.utils.http import http_date
from django.utils.translation import get_language_from_path

from core.data_version import current_version, version_time

logger = logging.getLogger(__name__)

#: Longer query strings (never made by the site's own links) are not cached.
MAX_QUERY_LENGTH = 1024
#: Bigger bodies are not cached (every page of the site is far below it).
MAX_BODY_BYTES = 1_000_000
#: Shorter bodies are not compressed (as Django's GZipMiddleware).
MIN_COMPRESS_BYTES = 200
BROTLI_QUALITY = 8
GZIP_LEVEL = 6

_GZIP_RE = re.compile(r"\bgzip\b")
_BROTLI_RE = re.compile(r"\bbr\b")
#: Headers a hit gets from the middleware above this one or sets anew.
_NOT_STORED = {"content-length", "content-encoding", "etag", "last-modified", "cache-control"}


def _encoding_for(request, bodies: dict) -> str:
    """Brotli if the browser takes it, else gzip, else the body as is."""
    accepted = request.headers.get("Accept-Encoding", "")
    for encoding, pattern in (("br", _BROTLI_RE), ("gzip", _GZIP_RE)):
        if encoding in bodies and pattern.search(accepted):
            return encoding
    return "identity"


def page_key(request, language: str) -> str:
    query = urlencode(sorted((k, v) for k, values in request.GET.lists() for v in values))
    address = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    return f"page:{language}:{hashlib.sha256(address.encode()).hexdigest()}"


def _etag(version: str, key: str) -> str:
    digest = hashlib.sha256(f"{version}|{key}".encode()).hexdigest()[:32]
    return f'W/"{digest}"'


def _etag_matches(request, etag: str) -> bool:
    header = request.headers.get("If-None-Match")
    if not header:
        return False
    return header.strip() == "*" or etag in {tag.strip() for tag in header.split(",")}


def _public_headers(response, version: str, etag: str) -> None:
    response["ETag"] = etag
    response["Last-Modified"] = http_date(version_time(version).timestamp())
    response["Cache-Control"] = (
        f"public, max-age=0, must-revalidate, s-maxage={settings.PAGE_CACHE_SHARED_SECONDS}"
    )
    response["Vary"] = "Accept-Encoding"


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.excluded_prefixes = ("/" + settings.ADMIN_URL, "/healthz")

    def __call__(self, request):
        if settings.PAGE_CACHE_SECONDS <= 0:
            return self.get_response(request)
        if not self._may_use_cache(request):
            return self._personal(self.get_response(request))
        try:
            version = current_version()
        except Exception:
            logger.warning("Page cache unavailable (data version unreadable)", exc_info=True)
            return self.get_response(request)

        language = get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        key = page_key(request, language)
        etag = _etag(version, key)
        if _etag_matches(request, etag):
            response = HttpResponseNotModified()
            _public_headers(response, version, etag)
            return response

        cache = caches[settings.PAGE_CACHE_ALIAS]
        try:
            entry = cache.get(key)
        except Exception:
            logger.warning("Page cache unavailable (read)", exc_info=True)
            entry = None
        if entry is not None and entry["version"] == version:
            return self._answer(request, entry, etag, hit=True)

        response = self.get_response(request)
        if not self._may_store(request, response):
            return self._personal(response)
        entry = self._entry(response, version)
        try:
            cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
        except Exception:
            logger.warning("Page cache unavailable (write)", exc_info=True)
        return self._answer(request, entry, etag, hit=False)

    def _may_use_cache(self, request) -> bool:
        return (
            request.method in ("GET", "HEAD")
            and not request.path.startswith(self.excluded_prefixes)
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and CookieStorage.cookie_name not in request.COOKIES
            and "Authorization" not in request.headers
            and len(request.META.get("QUERY_STRING", "")) <= MAX_QUERY_LENGTH
        )

    def _may_store(self, request, response) -> bool:
        vary = {field.lower() for field in split_header_value(response.get("Vary", ""))}
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and vary <= {"accept-encoding"}
            and not response.has_header("Cache-Control")
            and not response.has_header("Content-Encoding")
            # A CSRF token was put in the page (a visitor's form): it is that visitor's.
            and "CSRF_COOKIE_NEEDS_UPDATE" not in request.META
            # A nonce was put in the page: the next response's CSP header would not allow it.
            and not getattr(request, "_csp_nonce", None)
            and len(response.content) <= MAX_BODY_BYTES
        )

    @staticmethod
    def _entry(response, version: str) -> dict:
        body = response.content
        bodies = {"identity": body}
        if len(body) >= MIN_COMPRESS_BYTES:
            for encoding, compressed in (
                ("gzip", gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)),
                ("br", brotli.compress(body, quality=BROTLI_QUALITY)),
            ):
                if len(compressed) < len(body):
                    bodies[encoding] = compressed
        headers = [(k, v) for k, v in response.items() if k.lower() not in _NOT_STORED]
        return {"version": version, "headers": headers, "bodies": bodies}

    @staticmethod
    def _answer(request, entry: dict, etag: str, *, hit: bool):
        encoding = _encoding_for(request, entry["bodies"])
        response = HttpResponse(entry["bodies"][encoding])
        for header, value in entry["headers"]:
            response[header] = value
        if encoding != "identity":
            response["Content-Encoding"] = encoding
        # (CommonMiddleware, which would set it, is below this one)
        response["Content-Length"] = str(len(response.content))
        _public_headers(response, entry["version"], etag)
        response["X-Page-Cache"] = "hit" if hit else "miss"
        return response

    @staticmethod
    def _personal(response):
        """What is not shared is for this visitor alone: no CDN or proxy may keep it."""
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_cache=True)
        return response
