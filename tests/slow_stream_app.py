"""A WSGI app whose one response streams for longer than gunicorn's timeout in the serving test."""

import os
import time

CHUNKS = int(os.environ.get("SLOW_STREAM_CHUNKS", "8"))
PAUSE = float(os.environ.get("SLOW_STREAM_PAUSE", "0.5"))


def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8")])
    for number in range(CHUNKS):
        time.sleep(PAUSE)
        yield f"line {number}\n".encode()
