"""bench.report: the ratios of issue 16 and their verdicts, and the Markdown, from given figures.

No server and no database: the figures are what bench.run would have measured at 1k and 100k.
"""

from bench import report

LABELS = {
    "graphql-list": "GraphQL events list (50)",
    "baseline-list": "Hand-written JSON (50)",
    "wagtail-list": "Wagtail API v2 (50)",
    "ics": "ICS feed",
}
SQL = {"graphql-list": 7, "baseline-list": 7, "wagtail-list": 256, "ics": 3}
LOADS = {"single": (1, 1), "concurrent": (2, 8)}


def run(endpoint, mode, load, p50, rps, sessions, sql=None, failure=None):
    threads, connections = LOADS[load]
    measured = {
        "endpoint": endpoint,
        "label": LABELS[endpoint],
        "mode": mode,
        "sql": SQL[endpoint] if sql is None else sql,
        "bytes": 2048,
        "in_process_ms": 1.0,
        "x_cache": "hit" if mode == "cached" else "-",
        "load": load,
        "threads": threads,
        "connections": connections,
        "p50_ms": p50,
        "p99_ms": None if p50 is None else p50 * 2,
        "rps": rps,
        "requests": 0 if rps is None else int(rps * 3),
        "errors": None if failure else 0,
    }
    return {**measured, "failure": failure} if failure else measured


def scale(sessions, runs):
    return {
        "requested_sessions": sessions,
        "scale": {
            "sessions": sessions,
            "events": sessions // 4,
            "upcoming_events": 250,
            "groups": 1000,
        },
        "runs": runs,
    }


TIMED_OUT = "no answer within 60 s (timed out)"
SMALL = scale(
    1000,
    [
        run("graphql-list", "cold", "single", 200, 5, 1000),
        run("graphql-list", "cold", "concurrent", 1000, 8, 1000),
        run("baseline-list", "cold", "single", 100, 10, 1000),
        run("baseline-list", "cold", "concurrent", 500, 16, 1000),
        run("wagtail-list", "cold", "single", 1000, 1, 1000),
        run("wagtail-list", "cold", "concurrent", 4000, 2, 1000),
        run("ics", "cold", "single", 50, 20, 1000),
        run("ics", "cold", "concurrent", 200, 40, 1000),
        run("graphql-list", "cached", "concurrent", 20, 400, 1000),
        run("ics", "cached", "concurrent", 10, 300, 1000),
    ],
)
LARGE = scale(
    100000,
    [
        run("graphql-list", "cold", "single", 240, 4, 100000),
        run("graphql-list", "cold", "concurrent", 1500, 5, 100000),
        run("baseline-list", "cold", "single", 200, 5, 100000, sql=8),
        run("baseline-list", "cold", "concurrent", 900, 9, 100000, sql=8),
        run("wagtail-list", "cold", "single", None, None, 100000, failure=TIMED_OUT),
        run("wagtail-list", "cold", "concurrent", None, None, 100000, failure=TIMED_OUT),
        run("ics", "cold", "single", 65, 15, 100000),
        run("ics", "cold", "concurrent", 400, 30, 100000),
        run("graphql-list", "cached", "concurrent", 25, 100, 100000),
        run("ics", "cached", "concurrent", 12, 300, 100000),
    ],
)
SCALES = [SMALL, LARGE]


def met(measured):
    return {"measured": measured, "result": "met"}


def not_met(measured):
    return {"measured": measured, "result": "not met"}


def shown(measured):
    return {"measured": measured, "result": None}


def test_every_ratio_is_worked_out_for_both_loads_and_judged_where_it_is_a_target():
    assert report.targets(SCALES) == [
        {
            "target": "GraphQL events list (50): p50 growth",
            "scale": "100,000 ÷ 1,000",
            "limit": "≤ 1.3×",
            "single": met("1.20×"),
            "concurrent": not_met("1.50×"),
        },
        {
            "target": "Hand-written JSON (50): p50 growth",
            "scale": "100,000 ÷ 1,000",
            "limit": "– (not a target)",
            "single": shown("2.00×"),
            "concurrent": shown("1.80×"),
        },
        {
            "target": "Wagtail API v2 (50): p50 growth",
            "scale": "100,000 ÷ 1,000",
            "limit": "– (not a target)",
            "single": shown("n/a"),
            "concurrent": shown("n/a"),
        },
        {
            "target": "ICS feed: p50 growth",
            "scale": "100,000 ÷ 1,000",
            "limit": "≤ 1.3×",
            "single": met("1.30×"),
            "concurrent": not_met("2.00×"),
        },
        {
            "target": "GraphQL list p50 ÷ hand-written p50",
            "scale": "1,000",
            "limit": "≤ 1.5× with 1 client",
            "single": not_met("2.00×"),
            "concurrent": shown("2.00×"),
        },
        {
            "target": "Wagtail API v2 p50 ÷ GraphQL list p50",
            "scale": "1,000",
            "limit": "> 1× (GraphQL faster)",
            "single": met("5.00×"),
            "concurrent": met("4.00×"),
        },
        {
            "target": "GraphQL events list (50): cached ÷ cold req/s",
            "scale": "1,000",
            "limit": "≥ 10×",
            "single": None,
            "concurrent": met("50.00×"),
        },
        {
            "target": "ICS feed: cached ÷ cold req/s",
            "scale": "1,000",
            "limit": "≥ 10×",
            "single": None,
            "concurrent": not_met("7.50×"),
        },
        {
            "target": "GraphQL list p50 ÷ hand-written p50",
            "scale": "100,000",
            "limit": "≤ 1.5× with 1 client",
            "single": met("1.20×"),
            "concurrent": shown("1.67×"),
        },
        {
            "target": "Wagtail API v2 p50 ÷ GraphQL list p50",
            "scale": "100,000",
            "limit": "> 1× (GraphQL faster)",
            "single": {"measured": "n/a", "result": "n/a"},
            "concurrent": {"measured": "n/a", "result": "n/a"},
        },
        {
            "target": "GraphQL events list (50): cached ÷ cold req/s",
            "scale": "100,000",
            "limit": "≥ 10×",
            "single": None,
            "concurrent": met("20.00×"),
        },
        {
            "target": "ICS feed: cached ÷ cold req/s",
            "scale": "100,000",
            "limit": "≥ 10×",
            "single": None,
            "concurrent": met("10.00×"),
        },
    ]


def test_one_scale_has_no_growth_and_no_sql_comparison():
    targets = report.targets([SMALL])

    assert [(row["target"], row["scale"]) for row in targets] == [
        ("GraphQL list p50 ÷ hand-written p50", "1,000"),
        ("Wagtail API v2 p50 ÷ GraphQL list p50", "1,000"),
        ("GraphQL events list (50): cached ÷ cold req/s", "1,000"),
        ("ICS feed: cached ÷ cold req/s", "1,000"),
    ]
    assert report.sql_per_request([SMALL]) == []


def test_a_run_without_its_baselines_or_cache_has_only_the_rows_it_can_fill():
    graphql_only = [
        scale(
            sessions,
            [r for r in source["runs"] if r["endpoint"] == "graphql-list" and r["mode"] == "cold"],
        )
        for sessions, source in ((1000, SMALL), (100000, LARGE))
    ]

    assert report.targets(graphql_only) == [
        {
            "target": "GraphQL events list (50): p50 growth",
            "scale": "100,000 ÷ 1,000",
            "limit": "≤ 1.3×",
            "single": met("1.20×"),
            "concurrent": not_met("1.50×"),
        }
    ]


def test_a_run_with_errors_gives_no_ratio_but_the_other_load_still_does():
    with_errors = [
        SMALL,
        scale(
            100000,
            [
                {**r, "errors": 4} if (r["endpoint"], r["load"]) == ("ics", "concurrent") else r
                for r in LARGE["runs"]
            ],
        ),
    ]

    judged = {(row["target"], row["scale"]): row for row in report.targets(with_errors)}

    assert judged["ICS feed: p50 growth", "100,000 ÷ 1,000"] == {
        "target": "ICS feed: p50 growth",
        "scale": "100,000 ÷ 1,000",
        "limit": "≤ 1.3×",
        "single": met("1.30×"),
        "concurrent": {"measured": "n/a", "result": "n/a"},
    }
    assert judged["ICS feed: cached ÷ cold req/s", "100,000"]["concurrent"] == {
        "measured": "n/a",
        "result": "n/a",
    }


def test_sql_per_request_of_an_endpoint_missing_at_a_scale_is_not_judged():
    without_wagtail = scale(100000, [r for r in LARGE["runs"] if r["endpoint"] != "wagtail-list"])

    assert report.sql_per_request([SMALL, without_wagtail])[2] == {
        "endpoint": "Wagtail API v2 (50)",
        "counts": [256, None],
        "result": "n/a",
    }


def test_sql_per_request_must_be_the_same_at_every_scale():
    assert report.sql_per_request(SCALES) == [
        {"endpoint": "GraphQL events list (50)", "counts": [7, 7], "result": "met"},
        {"endpoint": "Hand-written JSON (50)", "counts": [7, 8], "result": "not met"},
        {"endpoint": "Wagtail API v2 (50)", "counts": [256, 256], "result": "met"},
        {"endpoint": "ICS feed", "counts": [3, 3], "result": "met"},
    ]


RESULTS = {
    "machine": {
        "date": "2026-12-05T09:00:00+09:00",
        "commit": "abc1234",
        "cpus": 2,
        "cpu_model": "AMD EPYC",
        "load_average_start": "0.50 0.40 0.30",
        "load_average_end": "1.50 1.00 0.60",
        "python": "3.11.7",
        "postgres": "15.20",
        "gunicorn": "23.0.0",
        "wrk": "wrk 4.1.0",
    },
    "load": {
        "quick": True,
        "duration": 3,
        "warmup": 1,
        "connections": 8,
        "threads": 2,
        "workers": "5 sync workers, gunicorn.conf.py",
    },
    "scales": SCALES,
    "targets": report.targets(SCALES),
    "sql_per_request": report.sql_per_request(SCALES),
}

EXPECTED_MARKDOWN = """\
# Benchmark, quick mode, 2026-12-05T09:00:00+09:00 (commit abc1234)

Data growth: **dense**, every sample session in the 12 months from the day the data was made, \
so the larger scale is a year that many times as busy (bench/data.py).

2 × AMD EPYC, load average 0.50 0.40 0.30 at start, 1.50 1.00 0.60 at the end; \
Python 3.11.7, PostgreSQL 15.20, gunicorn 23.0.0 (5 sync workers, gunicorn.conf.py), wrk 4.1.0. \
cold: response cache off (RESPONSE_CACHE_SECONDS=0), measured by 1 client (wrk, 1 thread × 1 \
connection: one request at a time, so latency is the work without queueing) and by 8 clients \
(2 threads × 8 connections: latency includes time queued for a free worker); cached: on (60 s), \
warmed, by 8 clients only. 3 s per load after 1 s of warm-up per endpoint. Baselines run cold \
only. SQL/req is counted in-process, cold, on a second request; n is the requests completed. \
A ratio is n/a when a run has no figure or had errors (wrk times error answers too).

## Summary

| Endpoint (p50 ms / req/s) | 1,000 cold, 1 client | 1,000 cold, 8 clients | 1,000 cached, 8 clients \
| 100,000 cold, 1 client | 100,000 cold, 8 clients | 100,000 cached, 8 clients |
|---|---|---|---|---|---|---|
| GraphQL events list (50) | 200 / 5.0 | 1000 / 8.0 | 20 / 400.0 | 240 / 4.0 | 1500 / 5.0 | 25 / 100.0 |
| Hand-written JSON (50) | 100 / 10.0 | 500 / 16.0 |  | 200 / 5.0 | 900 / 9.0 |  |
| Wagtail API v2 (50) | 1000 / 1.0 | 4000 / 2.0 |  | – / – | – / – |  |
| ICS feed | 50 / 20.0 | 200 / 40.0 | 10 / 300.0 | 65 / 15.0 | 400 / 30.0 | 12 / 300.0 |

## Targets

| Ratio | Scale | Target | 1 client | 8 clients |
|---|---|---|---|---|
| GraphQL events list (50): p50 growth | 100,000 ÷ 1,000 | ≤ 1.3× | 1.20× met | 1.50× **not met** |
| Hand-written JSON (50): p50 growth | 100,000 ÷ 1,000 | – (not a target) | 2.00× | 1.80× |
| Wagtail API v2 (50): p50 growth | 100,000 ÷ 1,000 | – (not a target) | n/a | n/a |
| ICS feed: p50 growth | 100,000 ÷ 1,000 | ≤ 1.3× | 1.30× met | 2.00× **not met** |
| GraphQL list p50 ÷ hand-written p50 | 1,000 | ≤ 1.5× with 1 client | 2.00× **not met** | 2.00× |
| Wagtail API v2 p50 ÷ GraphQL list p50 | 1,000 | > 1× (GraphQL faster) | 5.00× met | 4.00× met |
| GraphQL events list (50): cached ÷ cold req/s | 1,000 | ≥ 10× | – | 50.00× met |
| ICS feed: cached ÷ cold req/s | 1,000 | ≥ 10× | – | 7.50× **not met** |
| GraphQL list p50 ÷ hand-written p50 | 100,000 | ≤ 1.5× with 1 client | 1.20× met | 1.67× |
| Wagtail API v2 p50 ÷ GraphQL list p50 | 100,000 | > 1× (GraphQL faster) | n/a | n/a |
| GraphQL events list (50): cached ÷ cold req/s | 100,000 | ≥ 10× | – | 20.00× met |
| ICS feed: cached ÷ cold req/s | 100,000 | ≥ 10× | – | 10.00× met |

## SQL per request

| Endpoint | 1,000 | 100,000 | Same at every scale |
|---|---|---|---|
| GraphQL events list (50) | 7 | 7 | met |
| Hand-written JSON (50) | 7 | 8 | not met |
| Wagtail API v2 (50) | 256 | 256 | met |
| ICS feed | 3 | 3 | met |

## 1,000 sessions (250 events, 250 upcoming; 1,000 groups)

| Endpoint | Mode | 1 client p50 ms | p99 ms | req/s | n | 8 clients p50 ms | p99 ms | req/s | n \
| SQL/req | KB | X-Cache | Errors |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
| GraphQL events list (50) | cold | 200.0 | 400.0 | 5.0 | 15 | 1000.0 | 2000.0 | 8.0 | 24 | 7 | 2.0 | - |  |
| Hand-written JSON (50) | cold | 100.0 | 200.0 | 10.0 | 30 | 500.0 | 1000.0 | 16.0 | 48 | 7 | 2.0 | - |  |
| Wagtail API v2 (50) | cold | 1000.0 | 2000.0 | 1.0 | 3 | 4000.0 | 8000.0 | 2.0 | 6 | 256 | 2.0 | - |  |
| ICS feed | cold | 50.0 | 100.0 | 20.0 | 60 | 200.0 | 400.0 | 40.0 | 120 | 3 | 2.0 | - |  |
| GraphQL events list (50) | cached | – | – | – | – | 20.0 | 40.0 | 400.0 | 1200 | 7 | 2.0 | hit |  |
| ICS feed | cached | – | – | – | – | 10.0 | 20.0 | 300.0 | 900 | 3 | 2.0 | hit |  |

## 100,000 sessions (25,000 events, 250 upcoming; 1,000 groups)

| Endpoint | Mode | 1 client p50 ms | p99 ms | req/s | n | 8 clients p50 ms | p99 ms | req/s | n \
| SQL/req | KB | X-Cache | Errors |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
| GraphQL events list (50) | cold | 240.0 | 480.0 | 4.0 | 12 | 1500.0 | 3000.0 | 5.0 | 15 | 7 | 2.0 | - |  |
| Hand-written JSON (50) | cold | 200.0 | 400.0 | 5.0 | 15 | 900.0 | 1800.0 | 9.0 | 27 | 8 | 2.0 | - |  |
| Wagtail API v2 (50) | cold | – | – | – | 0 | – | – | – | 0 | 256 | 2.0 | - | \
no answer within 60 s (timed out) |
| ICS feed | cold | 65.0 | 130.0 | 15.0 | 45 | 400.0 | 800.0 | 30.0 | 90 | 3 | 2.0 | - |  |
| GraphQL events list (50) | cached | – | – | – | – | 25.0 | 50.0 | 100.0 | 300 | 7 | 2.0 | hit |  |
| ICS feed | cached | – | – | – | – | 12.0 | 24.0 | 300.0 | 900 | 3 | 2.0 | hit |  |
"""


def test_the_markdown_has_the_summary_the_targets_sql_and_every_scale():
    assert report.markdown(RESULTS) == EXPECTED_MARKDOWN


def test_a_full_run_is_titled_without_quick_mode():
    full = {**RESULTS, "load": {**RESULTS["load"], "quick": False}}

    assert report.markdown(full).splitlines()[0] == (
        "# Benchmark 2026-12-05T09:00:00+09:00 (commit abc1234)"
    )
