#!/usr/bin/env bash
# Serve the site as in production: DEBUG off, static files collected (hashed, gzip + brotli) and
# served by whitenoise, migrations applied, gunicorn with gunicorn.conf.py. Used by `make serve`
# and by scripts/loadtest.py and scripts/db_outage_check.sh.
#
# Only difference from production: there is no TLS proxy in front of http://127.0.0.1:8000, so
# SECURE_SSL_REDIRECT defaults to 0 here (HSTS, secure cookies and CSP stay on). Set the same
# variables as in production to change anything (see README, "Deployment").
set -euo pipefail
cd "$(dirname "$0")/.."

export DEBUG=0
# glibc gives each thread that allocates a malloc arena of its own and keeps what is freed in it:
# with two request threads a worker held 134-150 MB after the benchmark's cached pages, 118-130 MB
# with two arenas, at the same throughput (README, "Benchmark").
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
export SECURE_SSL_REDIRECT="${SECURE_SSL_REDIRECT:-0}"
# No BEHIND_TLS_PROXY here: Django would then believe X-Forwarded-Proto from anyone who reaches
# gunicorn. gunicorn itself believes it only from FORWARDED_ALLOW_IPS (127.0.0.1 and ::1 by
# default), so `curl -H 'X-Forwarded-Proto: https'` on this machine still shows the HTTPS headers,
# and a client elsewhere (GUNICORN_BIND=0.0.0.0:8000) cannot pass itself off as HTTPS.
export GUNICORN_BIND="${GUNICORN_BIND:-127.0.0.1:8000}"
if [ -z "${SECRET_KEY:-}" ]; then
    # A fresh key per start: fine for a rehearsal (sessions end at restart); production sets its own.
    SECRET_KEY="$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')"
    export SECRET_KEY
fi
if [ -z "${DATABASE_URL:-}" ]; then
    echo "serve: DATABASE_URL is not set, using the embedded SQLite file (production uses" \
        "PostgreSQL, e.g. DATABASE_URL=postgres://user@host:5432/klastry)" >&2
fi

MANAGE=(.venv/bin/python manage.py)
"${MANAGE[@]}" collectstatic --noinput --verbosity 0
"${MANAGE[@]}" migrate --noinput --verbosity 0
"${MANAGE[@]}" setup_roles --verbosity 0
# The real data is loaded into an empty database only: later starts never overwrite admin edits.
if [ "$("${MANAGE[@]}" shell -c 'from clusters.models import Cluster; print(Cluster.objects.exists())' 2>/dev/null | tail -1)" = "False" ]; then
    "${MANAGE[@]}" load_real_data --verbosity 0
fi

echo "serve: gunicorn on http://$GUNICORN_BIND (Ctrl+C stops it)" >&2
exec .venv/bin/gunicorn --config gunicorn.conf.py
