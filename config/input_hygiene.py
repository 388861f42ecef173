"""Query strings lose the characters no HTML page may carry, before any view sees them.

A control character (C0 but tab and line breaks, DEL, C1), a noncharacter or a lone surrogate has
no meaning in a filter value or a search term; echoed back (in a form field, an error message, the
search box) it would make the page malformed HTML. Stripping them once, here, means no view and no
template has to remember to.
"""

import re

from django.http import QueryDict

_NONCHARACTERS = "".join(
    chr(plane * 0x10000 + offset) for plane in range(17) for offset in (0xFFFE, 0xFFFF)
)
INVALID_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ud800-\udfff" + _NONCHARACTERS + "]"
)


def strip_invalid(value: str) -> str:
    return INVALID_CHARACTERS.sub("", value)


class StripInvalidCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.GET
        if any(INVALID_CHARACTERS.search(k + "".join(query.getlist(k))) for k in query):
            cleaned = QueryDict(mutable=True)
            for key in query:
                cleaned.setlist(
                    strip_invalid(key), [strip_invalid(value) for value in query.getlist(key)]
                )
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)
