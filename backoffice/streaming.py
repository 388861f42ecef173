"""Admin pages sent while they are made: the page's head first, then progress, then the result.

A long job (importing thousands of rows) runs inside the request that asked for it, and its page
is streamed: the browser shows the head and each progress line as it arrives, so no JavaScript is
needed, and as nothing is kept between requests it works with any number of worker processes.
The head and the foot are rendered before the response leaves the view, so everything that
touches headers (the CSP nonce, the CSRF cookie) is settled while the headers can still change;
the streamed part itself must not use them. ``X-Accel-Buffering: no`` asks a proxy (nginx) to
pass the lines on at once; Django's GZipMiddleware compresses a stream chunk by chunk, flushing
each one, so it would not hold them back either.

The status line is sent with the head: a failure found later is told in the page itself (and
logged), which is why callers check what they can (the file, the signature) before streaming.
"""

import secrets

from django.http import StreamingHttpResponse
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe


def streamed_page(request, template_name, context, body):
    """The page ``template_name`` with the HTML that ``body`` yields where it says
    ``{{ stream_marker }}`` (in its content block)."""
    marker = f"<!--stream-{secrets.token_hex(8)}-->"
    page = render_to_string(
        template_name,
        {**context, "stream_marker": mark_safe(marker)},  # noqa: S308 - hex digits only
        request=request,
    )
    head, foot = page.split(marker, 1)

    def content():
        yield head
        yield from body
        yield foot

    response = StreamingHttpResponse(content(), content_type="text/html; charset=utf-8")
    response["X-Accel-Buffering"] = "no"
    response["Cache-Control"] = "no-store"
    return response


def progress_line(text, done, total):
    """One progress line: a bar and its text. Only the latest is shown (``admin.css``)."""
    return format_html(
        '<p class="progress-step"><progress max="{}" value="{}" aria-hidden="true"></progress> '
        "{}</p>\n",
        total,
        done,
        text,
    )


def progress_start():
    return mark_safe('<div class="progress-steps" role="status">\n')


def progress_end():
    return mark_safe("</div>\n")
