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
threads = int(os.environ.get("GUNICORN_THREADS", "1"))

# A worker silent for this long is killed and replaced: a last resort, since database connection
# attempts already give up after DB_CONNECT_TIMEOUT seconds and answer 503.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))

# Recycle workers now and then (with jitter, so they do not all restart at once).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "200"))

# Load Django once in the master and fork the workers from it: faster start, less memory.
# Database connections are opened lazily per worker, after the fork, so none is shared.
preload_app = True

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
