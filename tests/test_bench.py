"""The pure parts of scripts/bench.py (CI runs the whole of it as `make bench-smoke`)."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("bench", ROOT / "scripts" / "bench.py")
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)


def test_percentile_is_the_nearest_rank():
    values = [5, 1, 4, 2, 3]
    assert bench.percentile(values, 0.5) == 3
    assert bench.percentile(values, 0.99) == 5
    assert bench.percentile(values, 0.2) == 1
    assert bench.percentile(list(range(1, 101)), 0.99) == 99
    assert bench.percentile([], 0.5) is None


def _scan(kind, relation, rows, removed=0, loops=1):
    return {
        "Node Type": kind,
        "Relation Name": relation,
        "Actual Rows": rows,
        "Rows Removed by Filter": removed,
        "Actual Loops": loops,
    }


def test_plan_verdict_names_the_biggest_sequential_scan_and_the_time():
    plan = [
        {
            "Plan": {
                "Node Type": "Nested Loop",
                "Plans": [
                    _scan("Seq Scan", "members_memberorganisation", 25, removed=199_975),
                    _scan("Index Scan", "members_membership", 1, loops=25),
                    _scan("Seq Scan", "clusters_sector", 8),
                ],
            },
            "Execution Time": 171.26,
        }
    ]
    assert bench.plan_verdict(plan) == (
        "seq scan on members_memberorganisation (200,000 rows), 171.3 ms"
    )


def test_plan_verdict_of_index_scans_and_big_sorts():
    plan = [
        {
            "Plan": {
                "Node Type": "Sort",
                "Actual Rows": 50_000,
                "Actual Loops": 1,
                "Plans": [
                    _scan("Index Only Scan", "members_membership", 5_000, loops=10),
                    _scan("Seq Scan", "clusters_sector", 8, loops=10),  # small: no verdict
                ],
            },
            "Execution Time": 12.04,
        }
    ]
    assert bench.plan_verdict(plan) == (
        "index only scan on members_membership (50,000 rows in 10 loops), sort of 50,000 rows, "
        "12.0 ms"
    )


def test_a_server_side_cursor_is_explained_as_its_select():
    sql = 'DECLARE "_django_curs_1_sync_2" NO SCROLL CURSOR WITH HOLD FOR SELECT 1 FROM x'
    assert bench.explainable(sql) == "SELECT 1 FROM x"
    assert bench.explainable("SELECT 1") == "SELECT 1"
    assert bench.explainable('UPDATE "django_session" SET x = 1') is None


def test_targets_by_page_kind_and_mode():
    profile = bench.Page("biggest cluster", "/klastry/x/", "profile")
    listing = bench.Page("members", "/czlonkowie/", "listing")
    assert bench.share_target(profile, "cached") == 0.50
    assert bench.share_target(profile, "uncached") == 0.20
    assert bench.share_target(listing, "uncached") == 0.10
    assert bench.share_target(bench.Page("healthz", "/healthz", "probe"), "cached") is None
    checks = bench.evaluate(
        "uncached",
        listing,
        {"share": 0.12, "alone_p50_ms": 75.0, "bytes": 150 * 1024, "status": 200},
        {"slowest_ms": 12.0},
    )
    assert checks["share"][2] is True
    assert checks["alone_p50"][2] is False  # over 60 ms
    assert checks["html"][2] is False  # over 100 KB
    assert checks["query"][2] is True


def test_worker_memory_reads_the_children_of_the_master(tmp_path):
    for pid, ppid, rss in ((10, 1, 900), (11, 10, 1000), (12, 10, 2000), (13, 11, 5)):
        (tmp_path / str(pid)).mkdir()
        (tmp_path / str(pid) / "status").write_text(
            f"Name:\tgunicorn\nPPid:\t{ppid}\nVmRSS:\t    {rss} kB\n"
        )
    (tmp_path / "self").mkdir()
    assert bench.worker_memory(10, proc=tmp_path) == {11: 1000 * 1024, 12: 2000 * 1024}
