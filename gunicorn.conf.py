"""gunicorn settings for Klastry Lubelskie, read from the environment (`make serve` uses them).

Each app server is stateless (sessions and login lockouts live in PostgreSQL, static files are
served by whitenoise from the image), so scaling out is: more servers like this one behind a load
balancer, all pointing at one PostgreSQL.
"""

import multiprocessing
import os

wsgi_app = "config.wsgi:application"

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))

# Threaded workers, not sync ones. A sync worker tells the master it is alive only between
# requests, so any response longer than `timeout` was killed mid-way: the streamed member import
# (20,000 rows may take minutes) and the organisations CSV (200,000 rows, 10-30 s). In a gthread
# worker the main thread reports while request threads work, so `timeout` only catches a worker
# that is truly stuck. The second thread keeps a worker that streams a long response answering
# other requests: gthread workers accept connections whether or not a thread is free, and with
# one thread a request landing on a busy worker waited for the whole import.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "2"))

# A worker silent for this long is killed and replaced: a last resort for a hung process, since
# database connection attempts already give up after DB_CONNECT_TIMEOUT seconds and answer 503.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# How long a stopping worker (restart, or recycled after max_requests) may finish what it serves.
# A gthread worker decides to recycle as a request starts, so this bounds a long import or export
# running then (a sync worker recycled after it): long enough for a 20,000-row import.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "300"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))

# Recycle workers now and then (with jitter, so they do not all restart at once).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "200"))

# Load Django once in the master and fork the workers from it: faster start, less memory.
# Database connections are opened lazily per worker, after the fork, so none is shared.
preload_app = True


def when_ready(server):
    """In the master, once Django is loaded and before the first fork: what each worker would do
    on its first requests (URLs, catalogues, templates) is done once here (config/warm_up.py)."""
    from django.apps import apps

    if not apps.ready:  # the app served is not Django's (a test's stand-in): nothing to warm
        return
    from config.warm_up import warm_up

    server.log.info("Warmed up: %d templates compiled", warm_up())


# Logs to stdout/stderr, where the process manager collects them.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# Behind a TLS-terminating proxy, trust its X-Forwarded-* headers (comma-separated addresses).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Request line and header limits (gunicorn's defaults, stated here so they are visible).
limit_request_line = 4094
limit_request_fields = 100

# No control socket: its default path is shared by every gunicorn of this user on the machine.
control_socket_disable = True
