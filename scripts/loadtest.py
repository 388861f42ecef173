"""Load smoke: serve the site as in production and put a bounded load on its main pages.

Starts scripts/serve.sh (gunicorn, DEBUG off) on 127.0.0.1, waits for /healthz, then requests the
main pages from a pool of client threads in this (second) process until REQUESTS requests are done
or SECONDS have passed, whichever comes first; stops the server and prints requests per second,
latency percentiles, errors and 5xx. Exit status 1 on any error, any 5xx or any 4xx.

    make loadtest                                   # embedded SQLite copy in /tmp
    make loadtest DATABASE_URL=postgres://postgres@127.0.0.1:5432/klastry_load
    .venv/bin/python scripts/loadtest.py --requests 5000 --concurrency 16 --seconds 60
"""

import argparse
import http.client
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
MAIN_PAGES = [
    "/",
    "/klastry/",
    "/ekosystemy/",
    "/czlonkowie/",
    "/specjalizacje/",
    "/kraje/",
    "/szukaj/?q=medycyna",
    "/healthz",
]


def get(port, path, timeout=10.0):
    """(status, body) of one GET on a fresh connection, as a browser without keep-alive would."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Accept-Encoding": "br, gzip"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def wait_until_healthy(port, server, deadline):
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"loadtest: the server stopped during start-up (exit {server.returncode})")
        try:
            if get(port, "/healthz", timeout=2)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    sys.exit("loadtest: the server did not answer /healthz in time")


def discover_pages(port):
    """The main pages plus the profiles linked from the cluster list and the first static file."""
    _, home = get(port, "/")
    _, listing = get(port, "/klastry/")
    profiles = sorted(set(re.findall(rb'href="(/klastry/[a-z0-9-]+/)"', listing)))
    static = re.findall(rb'href="(/static/[^"]+\.css)"', home)
    return MAIN_PAGES + [p.decode() for p in profiles[:10]] + [s.decode() for s in static[:1]]


def run_load(port, pages, total, seconds, concurrency):
    latencies, statuses, errors, by_page = [], Counter(), Counter(), {}
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds
    counter = iter(range(total))

    def worker():
        while time.monotonic() < stop_at:
            with lock:
                index = next(counter, None)
            if index is None:
                return
            path = pages[index % len(pages)]
            started = time.monotonic()
            try:
                status, _ = get(port, path)
            except OSError as error:
                with lock:
                    errors[f"{path}: {type(error).__name__}"] += 1
                continue
            elapsed = time.monotonic() - started
            with lock:
                latencies.append(elapsed)
                by_page.setdefault(path, []).append(elapsed)
                statuses[status] += 1
                if status >= 400:
                    errors[f"{path}: HTTP {status}"] += 1

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        for _ in range(concurrency):
            pool.submit(worker)
    return latencies, statuses, errors, by_page, time.monotonic() - started


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("LOADTEST_PORT", "8765")))
    parser.add_argument("--requests", type=int, default=3000, help="at most this many requests")
    parser.add_argument("--seconds", type=float, default=60, help="at most this long")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads")
    args = parser.parse_args()

    env = dict(os.environ, GUNICORN_BIND=f"{HOST}:{args.port}", GUNICORN_ACCESS_LOG="/dev/null")
    env.setdefault("DATABASE_URL", "sqlite:////tmp/klastry-loadtest.sqlite3")
    print(
        f"loadtest: serving as in production on http://{HOST}:{args.port} ({env['DATABASE_URL']})"
    )
    server = subprocess.Popen(  # noqa: S603  (our own script, no shell)
        [str(ROOT / "scripts" / "serve.sh")], cwd=ROOT, env=env, start_new_session=True
    )
    try:
        wait_until_healthy(args.port, server, time.monotonic() + 180)
        pages = discover_pages(args.port)
        print(
            f"loadtest: {len(pages)} pages, {args.concurrency} clients, "
            f"at most {args.requests} requests or {args.seconds:g} s"
        )
        latencies, statuses, errors, by_page, elapsed = run_load(
            args.port, pages, args.requests, args.seconds, args.concurrency
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)

    done = sum(statuses.values())
    server_errors = sum(n for status, n in statuses.items() if status >= 500)
    print(f"requests: {done} in {elapsed:.1f} s = {done / elapsed:.1f} requests/s")
    if latencies:
        print(
            f"latency: p50 {statistics.median(latencies) * 1000:.0f} ms, "
            f"p95 {percentile(latencies, 0.95) * 1000:.0f} ms, "
            f"max {max(latencies) * 1000:.0f} ms"
        )
    slowest = sorted(by_page.items(), key=lambda item: -statistics.median(item[1]))[:3]
    print(
        "slowest pages (p50): "
        + ", ".join(f"{path} {statistics.median(times) * 1000:.0f} ms" for path, times in slowest)
    )
    print("statuses: " + ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items())))
    print(f"errors: {sum(errors.values())}, 5xx: {server_errors}")
    for what, n in errors.most_common(10):
        print(f"  {n} x {what}")
    return 1 if errors or server_errors else 0


if __name__ == "__main__":
    sys.exit(main())
