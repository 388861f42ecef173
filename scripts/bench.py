"""Benchmark: every public page type at scale, served as `make serve` serves it, against issue 13's targets.

    make bench                                    # postgres://…/klastry_bench, created and filled if missing
    make bench DATABASE_URL=postgres://postgres@127.0.0.1:5432/klastry_real   # any database, as it is
    .venv/bin/python scripts/bench.py --mode uncached --seconds 2 --json /tmp/bench.json
    make bench-smoke                              # CI: tiny generated data, every page once, seconds

What it does, in this order:

1. The database (DATABASE_URL). Missing: created, migrated, the real data loaded and
   ``generate_scale_data`` run with its defaults (2,000 clusters, 200,000 organisations, 300,000
   memberships; about two minutes). Present: measured as it is (``--generate`` adds the generated
   rows first). ``--smoke`` uses tiny generated sizes.
2. Queries, in this process, apart from the timed load: each page through Django's test client
   with the full-page cache off, twice (the first request of a filter combination, and again with
   whatever the site caches below the page), counting queries; on PostgreSQL the slowest query of
   the first request is run again under ``EXPLAIN (ANALYZE, FORMAT JSON)`` and its plan summed up
   ("seq scan on members_memberorganisation (200,000 rows)", "index scan on …").
3. For each mode (``cached``: PAGE_CACHE_SECONDS as the site defaults; ``uncached``:
   PAGE_CACHE_SECONDS=0) it starts scripts/serve.sh (gunicorn with gunicorn.conf.py, DEBUG off,
   GUNICORN_WORKERS=5 and no worker recycling so memory is what the run left), then per page type:
   one request for the sizes (as served with ``Accept-Encoding: br, gzip``, and uncompressed),
   up to five one-at-a-time requests (the latency of a request alone in the server), and a closed
   loop of ``--processes`` × ``--threads`` clients for ``--seconds`` (req/s, p50, p99). /healthz
   is measured the same way at the start and the end; req/s is given as a share of their mean.
   CSV exports are downloaded once, whole, one at a time (time to the last byte, bytes, complete?).
   Worker memory (VmRSS of gunicorn's workers from /proc) is sampled throughout and read at the end;
   the load average is sampled too.
4. Prints a table per mode with issue 13's targets beside the figures (PASS/FAIL), and writes
   everything as JSON with ``--json``. Exit status 1 when a page answered anything but 2xx/3xx
   (the smoke's check); missed targets only show as FAIL.
"""

import argparse
import gzip
import http.client
import json
import math
import multiprocessing
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
HOST = "127.0.0.1"
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/klastry_bench"
SMOKE_DATABASE = "postgres://postgres@127.0.0.1:5432/klastry_bench_smoke"
SMOKE_SIZES = ["--clusters", "30", "--organisations", "300", "--memberships", "600"]
REQUEST_TIMEOUT = 35  # gunicorn kills a worker silent for 30 s: the client waits a little longer
CSV_TIMEOUT = 120
ALONE_REQUESTS = 5  # one-at-a-time requests per page (fewer when they take over ALONE_SECONDS)
ALONE_SECONDS = 3
QUERY_CSV_SECONDS = (
    20  # the in-process CSV download is cut here (its queries are all issued by then)
)

# Issue 13's targets.
CACHED_SHARE = 0.50
UNCACHED_SHARE = {"profile": 0.20, "listing": 0.10}
ALONE_P50_MS = 60
RSS_MB = 150
HTML_KB = 100
CSV_SECONDS = 20
QUERY_MS = 50
SEQ_SCAN_ROWS = 1000  # a sequential scan over fewer rows than this is no verdict on the plan
BIG_READ_ROWS = 10_000  # an index read of this many rows is named with its count
DECLARE = re.compile(r"^DECLARE\s.*?\sCURSOR\s+(?:WITH(?:OUT)?\s+HOLD\s+)?FOR\s+", re.I | re.S)


# Pure helpers (tests/test_bench.py) ----------------------------------------------------------


def percentile(values, fraction):
    """The nearest-rank percentile: the smallest value with at least ``fraction`` of them ≤ it."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def _plan_nodes(node):
    yield node
    for child in node.get("Plans", ()):
        yield from _plan_nodes(child)


def _rows_read(node):
    """Rows a scan node read: the rows it returned plus those its filter removed, over all loops."""
    per_loop = node.get("Actual Rows", node.get("Plan Rows", 0)) + node.get(
        "Rows Removed by Filter", 0
    )
    return per_loop * node.get("Actual Loops", 1)


def plan_verdict(explained):
    """One line on an ``EXPLAIN (ANALYZE, FORMAT JSON)`` result: the biggest sequential scan (if it
    read SEQ_SCAN_ROWS rows or more), else the kind of the biggest scan; big sorts; the time."""
    top = explained[0]
    nodes = list(_plan_nodes(top["Plan"]))
    scans = [node for node in nodes if "Relation Name" in node]
    sequential = [node for node in scans if node["Node Type"] == "Seq Scan"]
    biggest_seq = max(sequential, key=_rows_read, default=None)
    if biggest_seq is not None and _rows_read(biggest_seq) >= SEQ_SCAN_ROWS:
        verdict = f"seq scan on {biggest_seq['Relation Name']} ({_rows_read(biggest_seq):,} rows)"
    elif scans:
        biggest = max(scans, key=_rows_read)
        verdict = f"{biggest['Node Type'].lower()} on {biggest['Relation Name']}"
        if _rows_read(biggest) >= BIG_READ_ROWS:
            loops = biggest.get("Actual Loops", 1)
            over = f" in {loops:,} loops" if loops > 1 else ""
            verdict += f" ({_rows_read(biggest):,} rows{over})"
    else:
        verdict = "no table read"
    sorted_rows = max(
        (_rows_read(n) for n in nodes if n["Node Type"] in ("Sort", "Incremental Sort")), default=0
    )
    if sorted_rows >= BIG_READ_ROWS:
        verdict += f", sort of {sorted_rows:,} rows"
    if "Execution Time" in top:
        verdict += f", {top['Execution Time']:.1f} ms"
    return verdict


def worker_memory(master_pid, proc=Path("/proc")):
    """{pid: resident set size in bytes} of the processes whose parent is ``master_pid``."""
    found = {}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if int(fields.get("PPid", "0").strip()) == master_pid and "VmRSS" in fields:
            found[int(entry.name)] = int(fields["VmRSS"].split()[0]) * 1024
    return found


@dataclass
class Page:
    key: str
    path: str
    # "profile" or "listing" (issue 13's uncached targets), "csv", or "probe" (/healthz)
    kind: str
    label: str = ""  # the key, "en " before it for the English edition

    def __post_init__(self):
        self.label = self.label or self.key


def share_target(page, mode):
    """The share of /healthz a page type must reach in a mode (None: no throughput target)."""
    if page.kind in ("csv", "probe"):
        return None
    return CACHED_SHARE if mode == "cached" else UNCACHED_SHARE[page.kind]


def mark(ok):
    return "—" if ok is None else ("PASS" if ok else "FAIL")


# The database --------------------------------------------------------------------------------


def manage(env, *arguments, check=True):
    return subprocess.run(  # noqa: S603  (our own manage.py, no shell)
        [PYTHON, "manage.py", *arguments], cwd=ROOT, env=env, check=check
    )


def create_if_missing(url):
    """Create the PostgreSQL database of ``url`` unless it exists; True when it was created."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        found = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if found:
            return False
        connection.execute(f'CREATE DATABASE "{name}"')
        return True


def prepare_database(args, env):
    """Create and fill the database when missing (or --generate/--smoke asks); migrate it."""
    url = env["DATABASE_URL"]
    created = False
    if url.startswith("postgres"):
        created = create_if_missing(url)
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    # The in-process measurement renders pages with the hashed static names, as the server does.
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    if created or args.smoke:
        manage(env, "load_real_data", "--verbosity", "0")
        manage(env, "setup_roles", "--verbosity", "0")
    if created or args.generate or args.smoke:
        sizes = SMOKE_SIZES if args.smoke else []
        print(f"bench: generating scale data in {urlsplit(url).path.lstrip('/')} …", flush=True)
        started = time.monotonic()
        manage(env, "generate_scale_data", "--replace", *sizes)
        print(f"bench: generated in {time.monotonic() - started:.0f} s", flush=True)
    if url.startswith("postgres"):
        settle(url)


def settle(url):
    """VACUUM (ANALYZE) the database, as autovacuum would have after its last bulk load: a server
    without autovacuum (this machine's) otherwise keeps every generated row in the GIN indexes'
    pending lists, which each search scans, and no visibility map for index-only scans. Seconds
    when there is nothing to do."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM (ANALYZE)")


# Pages ---------------------------------------------------------------------------------------


def setup_django(env):
    os.environ.update(env)
    os.environ["PAGE_CACHE_SECONDS"] = "0"  # the queries of the page itself, not of its cache
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def forget_kept_figures():
    """A new data version, so that the run computes its own counts and options. What the site keeps
    per version is keyed by the version, not by the database: a Redis database shared with
    another database (the real data) lent the measured pages that database's counts (a /klastry/
    of 37 instead of 88 KB at scale: its 300 generated specialisations counted 0), hence also the
    key prefix of the database's own (CACHE_KEY_PREFIX); and the generator, run without Redis,
    leaves the version in Redis as it was before the rows it added."""
    from core.data_version import bump_data_version

    bump_data_version()


def discover_pages():
    """Every public page type, with the rows that make each one heaviest (the biggest cluster…)."""
    from django.db.models import Count
    from django.urls import reverse
    from django.utils import translation

    from clusters.models import Cluster, Specialisation
    from ecosystems.models import Ecosystem
    from members.models import MemberOrganisation

    biggest = Cluster.objects.public().annotate(n=Count("memberships")).order_by("-n", "pk").first()
    organisation = (
        MemberOrganisation.objects.annotate(n=Count("memberships")).order_by("-n", "pk").first()
    )
    popular = list(
        Specialisation.objects.annotate(n=Count("organisations")).order_by("-n", "pk")[:2]
    )
    ecosystem = Ecosystem.objects.annotate(n=Count("clusters")).order_by("-n", "pk").first()
    clusters = Cluster.objects.public().count()
    organisations = MemberOrganisation.objects.count()

    def deep(count):
        return max(2, count * 3 // 4 // 25)

    def url(name, query=None, **kwargs):
        path = reverse(name, kwargs=kwargs or None)
        return f"{path}?{urlencode(query, doseq=True)}" if query else path

    pages = [Page("healthz", "/healthz", "probe")]
    for language in ("pl", "en"):
        with translation.override(language):
            prefix = "" if language == "pl" else "en "
            found = [
                Page("home", url("clusters:home"), "listing"),
                Page("clusters", url("clusters:list"), "listing"),
                Page(
                    "clusters filtered",
                    url(
                        "clusters:list",
                        {
                            "specialisation": [s.slug for s in popular[:1]],
                            "status": "active",
                            "sort": "-members",
                        },
                    ),
                    "listing",
                ),
                Page("clusters deep", url("clusters:list", {"page": deep(clusters)}), "listing"),
                Page("members", url("members:list"), "listing"),
                Page(
                    "members filtered",
                    url("members:list", {"type": "enterprise", "place": "lublin", "sort": "city"}),
                    "listing",
                ),
                Page("members deep", url("members:list", {"page": deep(organisations)}), "listing"),
                Page("specialisations", url("clusters:specialisation-list"), "listing"),
                Page(
                    "investor, 2 specialisations",
                    url(
                        "clusters:specialisation-list",
                        {"specialisation": [s.slug for s in popular]},
                    ),
                    "listing",
                ),
                Page("ecosystems", url("ecosystems:list"), "listing"),
                Page("countries", url("clusters:country-list"), "listing"),
                Page(
                    "search",
                    url("clusters:search", {"q": "medycyna" if language == "pl" else "medicine"}),
                    "listing",
                ),
            ]
            if popular:
                found.append(
                    Page(
                        "specialisation",
                        url("clusters:specialisation-detail", slug=popular[0].slug),
                        "listing",
                    )
                )
            if ecosystem:
                found.append(
                    Page("ecosystem", url("ecosystems:detail", slug=ecosystem.slug), "listing")
                )
            if biggest:
                found.append(
                    Page("biggest cluster", url("clusters:detail", slug=biggest.slug), "profile")
                )
            if organisation:
                found.append(
                    Page("organisation", url("members:detail", slug=organisation.slug), "profile")
                )
            if language == "pl":
                found += [
                    Page("csv organisations", url("members:export"), "csv"),
                    Page("csv clusters", url("clusters:export"), "csv"),
                    Page("csv specialisations", url("clusters:specialisation-export"), "csv"),
                ]
            else:  # English: the main page types once, not every variant again
                found = [
                    p
                    for p in found
                    if p.key in ("home", "clusters", "members", "search", "biggest cluster")
                ]
            for page in found:
                page.label = prefix + page.key
            pages += found
    return pages


def database_sizes():
    from clusters.models import Cluster
    from members.models import MemberOrganisation, Membership

    return {
        "clusters": Cluster.objects.count(),
        "organisations": MemberOrganisation.objects.count(),
        "memberships": Membership.objects.count(),
    }


def measure_queries(pages, explain=True):
    """{label: query figures} of each page, from this process (full-page cache off), the first
    request as after an edit: the data version is bumped first, so nothing the site keeps per
    version (counts, options, hidden organisations) is reused from an earlier run."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from core.data_version import bump_data_version

    bump_data_version()
    client = Client(SERVER_NAME=HOST)
    figures = {}
    for page in pages:
        runs = []
        for _ in range(1 if page.kind == "csv" else 2):
            started = time.monotonic()
            with CaptureQueriesContext(connection) as captured:
                response = client.get(page.path)
                cut = False
                if response.streaming:
                    for _chunk in response.streaming_content:
                        if time.monotonic() - started > QUERY_CSV_SECONDS:
                            cut = True
                            break
                    response.close()
            runs.append((captured.captured_queries, response.status_code, cut))
        queries, status, cut = runs[0]
        slowest = max(queries, key=lambda q: float(q["time"]), default=None)
        entry = {
            "status": status,
            "queries": len(queries),
            "queries_again": len(runs[-1][0]),
            "cut_at_seconds": QUERY_CSV_SECONDS if cut else None,
            "slowest_ms": round(float(slowest["time"]) * 1000, 1) if slowest else None,
            "slowest_sql": slowest["sql"] if slowest else None,
            "verdict": None,
        }
        if explain and slowest and connection.vendor == "postgresql":
            entry["verdict"] = explain_verdict(connection, slowest["sql"])
        figures[page.label] = entry
        print(
            f"bench: queries {page.label}: {entry['queries']} "
            f"(slowest {entry['slowest_ms']} ms; {entry['verdict'] or '-'})",
            flush=True,
        )
    connection.close()
    return figures


def explainable(sql):
    """The SELECT of a captured query (a server-side cursor's DECLARE … FOR SELECT too), or None."""
    sql = DECLARE.sub("", sql.lstrip(), count=1)
    return sql if sql.upper().startswith(("SELECT", "WITH")) else None


def explain_verdict(connection, sql):
    sql = explainable(sql)
    if sql is None:
        return "not a SELECT"
    try:
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = '60s'")
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
            plan = cursor.fetchone()[0]
            cursor.execute("RESET statement_timeout")
    except Exception as error:  # noqa: BLE001  (a plan we cannot get is a figure, not a crash)
        return f"no plan: {type(error).__name__}"
    return plan_verdict(plan if isinstance(plan, list) else json.loads(plan))


# The server and the load ---------------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def request(port, path, encoding="br, gzip", timeout=REQUEST_TIMEOUT):
    """(status, body bytes, Content-Encoding, seconds); a truncated body raises."""
    started = time.monotonic()
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Accept-Encoding": encoding})
        response = connection.getresponse()
        body = response.read()
        return (
            response.status,
            body,
            response.getheader("Content-Encoding", ""),
            (time.monotonic() - started),
        )
    finally:
        connection.close()


def decompressed_size(body, encoding):
    if encoding == "gzip":
        return len(gzip.decompress(body))
    if encoding == "br":
        try:
            import brotli
        except ImportError:
            return None
        return len(brotli.decompress(body))
    return len(body)


def _client_loop(arguments):
    """One client process: ``threads`` threads requesting ``path`` until ``stop_at``."""
    port, path, threads, stop_at = arguments
    latencies, statuses, errors = [], Counter(), Counter()
    lock = threading.Lock()

    def loop():
        while time.time() < stop_at:
            try:
                status, _body, _encoding, seconds = request(port, path)
            except (OSError, http.client.HTTPException) as error:
                with lock:
                    errors[type(error).__name__] += 1
                continue
            with lock:
                latencies.append(seconds)
                statuses[status] += 1

    with ThreadPoolExecutor(max_workers=threads) as pool:
        for _ in range(threads):
            pool.submit(loop)
    return latencies, statuses, errors


def run_load(pool, port, path, seconds, processes, threads):
    started = time.time()
    results = pool.map(_client_loop, [(port, path, threads, started + seconds)] * processes)
    elapsed = time.time() - started
    latencies, statuses, errors = [], Counter(), Counter()
    for part_latencies, part_statuses, part_errors in results:
        latencies += part_latencies
        statuses.update(part_statuses)
        errors.update(part_errors)
    return {
        "requests": len(latencies),
        "seconds": round(elapsed, 2),
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(percentile(latencies, 0.5) * 1000, 1) if latencies else None,
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 1) if latencies else None,
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "errors": dict(errors),
    }


class Server:
    """scripts/serve.sh in its own session; the gunicorn master is its process (serve.sh execs)."""

    def __init__(self, env, port, log_path):
        self.port = port
        self.log_path = log_path
        self.log = open(log_path, "w")  # noqa: SIM115  (closed in stop())
        self.process = subprocess.Popen(  # noqa: S603  (our own script, no shell)
            [str(ROOT / "scripts" / "serve.sh")],
            cwd=ROOT,
            env=env,
            start_new_session=True,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.peak = {"sum": 0, "max": 0}
        self.seen = set()  # worker pids: more than --workers of them means some were replaced
        self.loads = []
        self._stop = threading.Event()

    def log_tail(self, lines=40):
        return "\n".join(Path(self.log_path).read_text(errors="replace").splitlines()[-lines:])

    def wait_until_healthy(self, seconds=300):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"bench: the server stopped during start-up:\n{self.log_tail()}")
            try:
                if request(self.port, "/healthz", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        else:
            sys.exit("bench: the server did not answer /healthz in time")
        threading.Thread(target=self._sample, daemon=True).start()

    def _sample(self):
        while not self._stop.wait(0.5):
            self.loads.append(os.getloadavg()[0])
            memory = worker_memory(self.process.pid)
            self.seen.update(memory)
            if memory:
                self.peak["sum"] = max(self.peak["sum"], sum(memory.values()))
                self.peak["max"] = max(self.peak["max"], max(memory.values()))

    def memory(self):
        memory = worker_memory(self.process.pid)
        mb = 1024 * 1024
        return {
            "workers": len(memory),
            "sum_mb": round(sum(memory.values()) / mb, 1),
            "max_mb": round(max(memory.values(), default=0) / mb, 1),
            "peak_sum_mb": round(self.peak["sum"] / mb, 1),
            "peak_max_mb": round(self.peak["max"] / mb, 1),
            "replaced": max(0, len(self.seen | set(memory)) - len(memory)),
        }

    def stop(self):
        self._stop.set()
        self.log.close()
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def measure_page(server, pool, page, args):
    port = server.port
    result = {"path": page.path, "kind": page.kind}
    started = time.monotonic()
    try:
        status, body, encoding, seconds = request(
            port, page.path, timeout=CSV_TIMEOUT if page.kind == "csv" else REQUEST_TIMEOUT
        )
    except (OSError, http.client.HTTPException) as error:
        # e.g. IncompleteRead: the worker was killed (gunicorn's timeout) in the middle of a download
        partial = getattr(error, "partial", None)
        result.update(
            status=None,
            error=type(error).__name__,
            seconds=round(time.monotonic() - started, 2),
            bytes_sent=len(partial) if partial is not None else None,
            complete=False,
        )
        return result
    result.update(
        status=status,
        encoding=encoding or "identity",
        bytes_sent=len(body),
        bytes=decompressed_size(body, encoding),
    )
    if page.kind == "csv":
        result.update(seconds=round(seconds, 2), complete=True)
        return result
    alone = []
    started = time.monotonic()
    while len(alone) < args.alone and time.monotonic() - started < ALONE_SECONDS:
        try:
            alone.append(request(port, page.path)[3])
        except (OSError, http.client.HTTPException):
            break
    result["alone_p50_ms"] = round(statistics.median(alone) * 1000, 1) if alone else None
    result.update(run_load(pool, port, page.path, args.seconds, args.processes, args.threads))
    return result


def run_mode(mode, pages, args, env, pool):
    server_env = dict(
        env,
        GUNICORN_BIND=f"{HOST}:{args.port}",
        GUNICORN_ACCESS_LOG="/dev/null",
        GUNICORN_WORKERS=str(args.workers),
        GUNICORN_MAX_REQUESTS="0",
        GUNICORN_LOG_LEVEL="warning",
    )
    if mode == "uncached":
        server_env["PAGE_CACHE_SECONDS"] = "0"
    else:
        server_env.pop("PAGE_CACHE_SECONDS", None)
    print(f"bench: {mode}: starting the server on http://{HOST}:{args.port}", flush=True)
    log_path = Path(tempfile.gettempdir()) / f"bench-server-{mode}-{args.port}.log"
    server = Server(server_env, args.port, log_path)
    results = {}
    try:
        server.wait_until_healthy()
        # Every worker opens its database connection and loads its templates before the figures.
        run_load(pool, args.port, "/healthz", min(1.0, args.seconds), args.processes, args.threads)
        probes = []
        for page in pages:
            result = measure_page(server, pool, page, args)
            if page.kind == "probe":
                probes.append(result.get("rps") or 0)
            results[page.label] = result
            print(
                f"bench: {mode}: {page.label}: {result.get('status')} "
                f"{result.get('rps', result.get('seconds', ''))}",
                flush=True,
            )
        # /healthz again at the end: the share is of the mean of both.
        closing = measure_page(server, pool, pages[0], args)
        probes.append(closing.get("rps") or 0)
        healthz = statistics.mean(probes)
        memory = server.memory()
        loads = server.loads
    finally:
        server.stop()
    for page in pages:
        result = results[page.label]
        if "rps" in result and healthz:
            result["share"] = round(result["rps"] / healthz, 4)
    return {
        "healthz_rps": round(healthz, 1),
        "server_log": str(log_path),
        "pages": results,
        "memory": memory,
        "load_average": {
            "mean": round(statistics.mean(loads), 2) if loads else None,
            "max": round(max(loads), 2) if loads else None,
        },
    }


# Targets and the table -----------------------------------------------------------------------


def evaluate(mode, page, result, queries):
    """{target: (figure, limit, ok)} of one page in one mode (ok None: no such target)."""
    checks = {}
    share = result.get("share")
    target = share_target(page, mode)
    if target is not None:
        checks["share"] = (share, target, share is not None and share >= target)
    if mode == "uncached" and page.kind in ("profile", "listing"):
        alone = result.get("alone_p50_ms")
        checks["alone_p50"] = (alone, ALONE_P50_MS, alone is not None and alone <= ALONE_P50_MS)
    if page.kind in ("profile", "listing") and result.get("status") == 200:
        kb = result["bytes"] / 1024
        checks["html"] = (kb, HTML_KB, kb <= HTML_KB)
    if page.kind == "csv":
        seconds = result.get("seconds")
        complete = result.get("complete") and result.get("status") == 200
        checks["csv"] = (seconds, CSV_SECONDS, bool(complete) and seconds <= CSV_SECONDS)
    slowest = (queries or {}).get("slowest_ms")
    if slowest is not None and page.kind != "probe":
        checks["query"] = (slowest, QUERY_MS, slowest <= QUERY_MS)
    return checks


def status_text(result):
    """ "200", or what went wrong: "500 (load: 200×3 500×2, TimeoutError×3)"."""
    text = str(result.get("status") or result.get("error"))
    statuses, errors = result.get("statuses", {}), result.get("errors") or {}
    if errors or any(not code.startswith(("2", "3")) for code in statuses):
        counts = [f"{code}×{n}" for code, n in statuses.items()]
        counts += [f"{name}×{n}" for name, n in errors.items()]
        text += f" (load: {' '.join(counts)})"
    if result.get("kind") == "csv" and result.get("complete") is False:
        text += f", cut after {result.get('seconds')} s at {_kb(result.get('bytes_sent'))} KB"
    return text


def _kb(value):
    return "" if value is None else f"{value / 1024:,.1f}"


def table(mode, pages, measured, queries):
    rows = [
        (
            "page",
            "req/s",
            "%healthz",
            "target",
            "p50",
            "p99",
            "alone",
            "queries",
            "slowest",
            "KB",
            "KB sent",
            "status",
        )
    ]
    verdicts = []
    failures = []
    for page in pages:
        result = measured["pages"][page.label]
        query = queries.get(page.label, {})
        checks = evaluate(mode, page, result, query)
        for name, (figure, limit, ok) in checks.items():
            if not ok:
                failures.append(f"{page.label}: {name} {figure} (limit {limit})")
        share_check = checks.get("share")
        if page.kind == "csv":
            seconds = result.get("seconds")
            throughput, share_text = ("—" if seconds is None else f"{seconds} s"), ""
            target_text = f"≤{CSV_SECONDS}s {mark(checks['csv'][2])}" if "csv" in checks else ""
        else:
            throughput = f"{result.get('rps', '')}"
            share_text = f"{result['share'] * 100:.1f} %" if "share" in result else ""
            target_text = (
                f"≥{share_check[1] * 100:.0f}% {mark(share_check[2])}" if share_check else ""
            )
        alone = result.get("alone_p50_ms")
        alone_text = "" if alone is None else f"{alone:.0f}"
        if "alone_p50" in checks:
            alone_text += " " + mark(checks["alone_p50"][2])
        size_text = _kb(result.get("bytes"))
        if "html" in checks:
            size_text += " " + mark(checks["html"][2])
        slowest = query.get("slowest_ms")
        slowest_text = "" if slowest is None else f"{slowest:.0f} ms"
        if "query" in checks:
            slowest_text += " " + mark(checks["query"][2])
        queries_text = "" if not query else f"{query['queries']}/{query['queries_again']}"
        status = status_text(result)
        rows.append(
            (
                page.label,
                throughput,
                share_text,
                target_text,
                "" if result.get("p50_ms") is None else f"{result['p50_ms']:.0f}",
                "" if result.get("p99_ms") is None else f"{result['p99_ms']:.0f}",
                alone_text,
                queries_text,
                slowest_text,
                size_text,
                f"{_kb(result.get('bytes_sent'))} {result.get('encoding', '')}".strip(),
                status,
            )
        )
        if query.get("verdict"):
            verdicts.append(f"  {page.label}: {query['verdict']}")
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    memory = measured["memory"]
    # Judged on the larger of the memory left after the run and the peak sampled during it: a worker
    # gunicorn killed (timeout) and replaced leaves no trace in the after-run figure.
    rss = max(memory["max_mb"], memory.get("peak_max_mb", 0))
    rss_ok = rss <= RSS_MB
    if not rss_ok:
        failures.append(f"worker RSS {rss} MB (limit {RSS_MB})")
    lines += [
        "",
        f"/healthz: {measured['healthz_rps']} req/s (mean of the first and last measurement)",
        f"worker RSS: {rss} MB {mark(rss_ok)} (≤{RSS_MB} MB; the larger of after the run and the "
        f"peak); after the run max {memory['max_mb']} MB, sum {memory['sum_mb']} MB over "
        f"{memory['workers']} workers; peak during the run max {memory['peak_max_mb']} MB, sum "
        f"{memory['peak_sum_mb']} MB; workers replaced during the run: "
        f"{memory.get('replaced', '?')}",
        f"load average (1 min) during the run: mean {measured['load_average']['mean']}, "
        f"max {measured['load_average']['max']}",
        "slowest query of each page (first request, in-process) and its plan:",
        *verdicts,
        f"targets missed: {len(failures)}",
    ]
    return "\n".join(lines), failures


def bad_statuses(measured, queries):
    """Pages that answered anything but 2xx/3xx (or nothing) in the run or in-process."""
    bad = []
    for label, result in measured["pages"].items():
        statuses = list(result.get("statuses", {})) + [str(result.get("status"))]
        if result.get("errors") or any(not s.startswith(("2", "3")) for s in statuses):
            bad.append(f"{label}: {status_text(result)}")
    for label, query in queries.items():
        if not 200 <= query["status"] < 400:
            bad.append(f"{label} (in-process): {query['status']}")
    return bad


def print_report(report):
    """Print the tables of a run (or of its saved JSON); returns {mode: [targets missed]}."""
    sizes, settings = report["sizes"], report["settings"]
    pages = [Page(**page) for page in report["pages"]]
    print()
    print(
        f"Benchmark of {report['database']} at {report['commit']}: {sizes['clusters']:,} clusters, "
        f"{sizes['organisations']:,} organisations, {sizes['memberships']:,} memberships; "
        f"{settings['workers']} gunicorn workers, {settings['clients']} clients, "
        f"{settings['seconds']:g} s per page type, {settings['cpus']} CPUs, cache: {report['cache']}"
    )
    print(
        "Columns: req/s and its share of /healthz under load; p50/p99 under load (ms); alone = p50 "
        "of requests one at a time (ms); queries first/again (in-process, page cache off); slowest "
        "query of the first request; KB uncompressed; KB sent as served (br/gzip)."
    )
    missed = {}
    for mode, figures in report["modes"].items():
        text, missed[mode] = table(mode, pages, figures, report["queries"])
        print(f"\n== {mode} ==")
        print(text)
    return missed


def markdown(report):
    """One Markdown table of a run, both modes side by side (for the README)."""
    pages = [Page(**page) for page in report["pages"]]
    modes = report["modes"]
    header = ["page"]
    for mode in modes:
        header += [f"{mode}: req/s (% of /healthz)", f"{mode}: p50 / alone (ms)"]
    header += ["queries", "slowest query (ms): plan", "KB (sent)"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for page in pages:
        cells = [f"`{page.path}`" if page.kind == "probe" else page.label]
        for figures in modes.values():
            result = figures["pages"][page.label]
            if page.kind == "csv":
                cells += [status_text(result) if result.get("status") != 200 else "", ""]
                if result.get("status") == 200:
                    cells[-2] = f"{result['seconds']} s to the last byte"
                continue
            share = result.get("share")
            rps = f"{result.get('rps', '')}" + (f" ({share * 100:.1f} %)" if share else "")
            if result.get("status") != 200 or result.get("errors"):
                rps += f"; {status_text(result)}"
            p50, alone = result.get("p50_ms"), result.get("alone_p50_ms")
            cells += [" / ".join("" if v is None else f"{v:.0f}" for v in (p50, alone))]
            cells.insert(-1, rps)
        query = report["queries"].get(page.label, {})
        slowest = ""
        if query.get("slowest_ms") is not None:
            slowest = f"{query['slowest_ms']:.0f}: {query.get('verdict') or ''}"
        first = next(iter(modes.values()))["pages"][page.label]
        size = _kb(first.get("bytes")) if first.get("status") == 200 else "—"
        if first.get("bytes_sent") is not None and first.get("encoding") not in (None, "identity"):
            size += f" ({_kb(first['bytes_sent'])} {first['encoding']})"
        queries = f"{query['queries']}/{query['queries_again']}" if query else ""
        lines.append("| " + " | ".join([*cells, queries, slowest, size]) + " |")
    summary = []
    for mode, figures in modes.items():
        memory, load = figures["memory"], figures["load_average"]
        summary.append(
            f"{mode}: /healthz {figures['healthz_rps']} req/s, worker RSS after the run max "
            f"{memory['max_mb']} MB (peak {memory['peak_max_mb']} MB), load average "
            f"{load['mean']} (max {load['max']})"
        )
    return "\n".join(lines) + "\n\n" + "; ".join(summary) + "."


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=("both", "cached", "uncached"), default="both")
    parser.add_argument("--seconds", type=float, default=3, help="load per page type and mode")
    parser.add_argument("--processes", type=int, default=2, help="client processes")
    parser.add_argument("--threads", type=int, default=4, help="client threads per process")
    parser.add_argument("--workers", type=int, default=5, help="gunicorn workers")
    parser.add_argument(
        "--alone", type=int, default=ALONE_REQUESTS, help="one-at-a-time requests per page type"
    )
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--json", help="write the figures here as JSON")
    parser.add_argument("--only", help="page labels to measure, comma-separated (and /healthz)")
    parser.add_argument("--no-queries", action="store_true", help="skip the in-process queries")
    parser.add_argument(
        "--generate", action="store_true", help="(re)generate the scale data in the database first"
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="CI: tiny generated data, every page briefly; fails on any non-2xx/3xx answer",
    )
    parser.add_argument("--report", help="only print the tables of a JSON written by --json")
    parser.add_argument("--markdown", action="store_true", help="with --report: one Markdown table")
    args = parser.parse_args(argv)
    if args.report:
        saved = json.loads(Path(args.report).read_text())
        print(markdown(saved)) if args.markdown else print_report(saved)
        return 0
    if args.smoke:
        args.seconds = min(args.seconds, 0.3)
        args.processes, args.threads, args.alone = 1, 2, 1
    args.port = args.port or free_port()

    commit = subprocess.run(  # the code served, read before it could change during the run
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", SMOKE_DATABASE if args.smoke else DEFAULT_DATABASE)
    env["DEBUG"] = "0"
    env.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production")
    env.setdefault("SECURE_SSL_REDIRECT", "0")
    # The shared cache's keys of this database only (a Redis database may serve others too).
    env.setdefault("CACHE_KEY_PREFIX", f"bench-{urlsplit(env['DATABASE_URL']).path.lstrip('/')}")
    print(f"bench: database {env['DATABASE_URL']}", flush=True)
    prepare_database(args, env)

    # Client processes are forked before Django opens any database connection in this process.
    pool = multiprocessing.get_context("fork").Pool(args.processes)
    try:
        setup_django(env)
        forget_kept_figures()
        pages = discover_pages()
        if args.only:
            wanted = {label.strip() for label in args.only.split(",")}
            pages = [p for p in pages if p.label in wanted or p.kind == "probe"]
        sizes = database_sizes()
        queries = {} if args.no_queries else measure_queries(pages)
        modes = ("cached", "uncached") if args.mode == "both" else (args.mode,)
        measured = {mode: run_mode(mode, pages, args, env, pool) for mode in modes}
    finally:
        pool.terminate()

    report = {
        "database": urlsplit(env["DATABASE_URL"])._replace(netloc="").geturl(),
        "sizes": sizes,
        "cache": "redis" if env.get("REDIS_URL") else "local memory",
        "commit": commit,
        "settings": {
            "seconds": args.seconds,
            "clients": args.processes * args.threads,
            "workers": args.workers,
            "cpus": os.cpu_count(),
        },
        "pages": [asdict(page) for page in pages],
        "queries": queries,
        "modes": measured,
    }
    report["targets_missed"] = print_report(report)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2, ensure_ascii=False))
        print(f"\nbench: figures written to {args.json}")
    bad = [
        f"{line} (server log: {figures.get('server_log')})"
        for figures in measured.values()
        for line in bad_statuses(figures, {})
    ]
    bad += bad_statuses({"pages": {}}, queries)
    if bad:
        print("\nbench: pages that did not answer 2xx/3xx:\n  " + "\n  ".join(bad))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
