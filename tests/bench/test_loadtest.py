"""`make loadtest`'s parts: the mix, the wrk script's records, the figures, memory and verdict.

The load test itself runs for a minute against gunicorn; here each part is checked on its own,
the wrk script for two seconds against a small HTTP server in this process. No database.
"""

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bench import loadmemory, loadmix, loadreport
from bench.loadmemory import Sample
from bench.loadmix import Call, Kind
from bench.loadreport import Answer

MIXED_SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "wrk" / "mixed.lua"

TARGETS = {
    "today": "2026-12-30",
    "events_index": "/events/",
    "groups_index": "/groups/",
    "event_pages": ["/events/a/", "/events/%E9%98%B2%E7%81%BD/"],
    "event_slugs": ["a", "防災"],
    "group_pages": ["/groups/g/"],
    "group_slugs": ["g"],
    "organiser_slugs": ["g"],
    "action_pages": ["/plan/v1/a1/", "/plan/v1/a2/"],
    "audiences": ["pupils", "seniors"],
    "venues": ["hall"],
    "districts": ["初富"],
    "activity_fields": [1, 2],
    "signage_screens": ["lobby"],
}
SCREENS = {"lobby": ('"etag-1"', "version-1")}


def test_the_mix_weighs_each_kind_and_draws_its_variants_from_the_targets():
    kinds = loadmix.build(TARGETS, SCREENS)

    assert [kind.describe() for kind in kinds] == [
        {"name": "home", "channel": "website", "weight": 9, "variants": 1},
        {"name": "events-list", "channel": "website", "weight": 8, "variants": 15},
        {"name": "event-page", "channel": "website", "weight": 14, "variants": 2},
        {"name": "calendar-month", "channel": "website", "weight": 5, "variants": 9},
        {"name": "group-directory", "channel": "website", "weight": 5, "variants": 6},
        {"name": "group-page", "channel": "website", "weight": 6, "variants": 1},
        {"name": "action-page", "channel": "website", "weight": 5, "variants": 2},
        {"name": "graphql-events-post", "channel": "graphql", "weight": 5, "variants": 12},
        {"name": "graphql-events-get", "channel": "graphql", "weight": 5, "variants": 12},
        {"name": "graphql-event-post", "channel": "graphql", "weight": 4, "variants": 2},
        {"name": "graphql-event-get", "channel": "graphql", "weight": 4, "variants": 2},
        {"name": "graphql-students-get", "channel": "graphql", "weight": 2, "variants": 2},
        {"name": "graphql-groups-post", "channel": "graphql", "weight": 2, "variants": 10},
        {"name": "graphql-group-post", "channel": "graphql", "weight": 2, "variants": 1},
        {"name": "signage-poll", "channel": "signage", "weight": 5, "variants": 1},
        {"name": "signage-heartbeat", "channel": "signage", "weight": 5, "variants": 1},
        {"name": "feed-ics", "channel": "feeds", "weight": 4, "variants": 11},
        {"name": "feed-json", "channel": "feeds", "weight": 4, "variants": 13},
        {"name": "feed-rss", "channel": "feeds", "weight": 4, "variants": 13},
        {"name": "feed-csv", "channel": "feeds", "weight": 2, "variants": 11},
    ]
    assert sum(kind.weight for kind in kinds) == 100


def test_the_mix_varies_filters_months_and_offsets():
    by_name = {kind.name: kind for kind in loadmix.build(TARGETS, SCREENS)}

    assert [call.path for call in by_name["events-list"].calls] == [
        "/events/",
        "/events/?page=2",
        "/events/?page=3",
        "/events/?date_from=2026-12-30&date_to=2027-01-05",
        "/events/?date_from=2026-12-30&date_to=2027-01-29",
        "/events/?date_from=2027-01-29&date_to=2027-02-28",
        "/events/?audience=pupils",
        "/events/?audience=seniors",
        "/events/?venue=hall",
        "/events/?action=1",
        "/events/?action=5",
        "/events/?action=12",
        "/events/?action=22",
        "/events/?audience=pupils&date_from=2026-12-30&date_to=2027-01-29",
        "/events/?audience=seniors&date_from=2026-12-30&date_to=2027-01-29",
    ]
    assert [call.path for call in by_name["calendar-month"].calls] == [
        "/events/calendar/",
        "/events/calendar/2026/12/",
        "/events/calendar/2027/1/",
        "/events/calendar/2027/2/",
        "/events/calendar/2027/3/",
        "/events/calendar/2027/4/",
        "/events/calendar/2027/5/",
        "/events/calendar/?audience=pupils",
        "/events/calendar/?audience=seniors",
    ]
    assert [call.path for call in by_name["feed-json"].calls][-3:] == [
        "/feeds/events.json?action=22",
        "/feeds/events.json?limit=20",
        "/feeds/events.json?limit=100",
    ]


def test_graphql_calls_are_posts_of_the_document_or_persisted_gets():
    by_name = {kind.name: kind for kind in loadmix.build(TARGETS, SCREENS)}

    post = by_name["graphql-event-post"].calls[1]
    assert (post.method, post.path, post.headers) == (
        "POST",
        "/graphql/",
        (("Content-Type", "application/json"),),
    )
    assert json.loads(post.body) == {
        "query": loadmix.EVENT_DETAIL.document,
        "variables": {"slug": "防災"},
    }
    assert by_name["graphql-events-get"].calls[1] == Call(
        "GET", "/graphql/?id=EventList&variables=%7B%22offset%22%3A+20%7D"
    )


def test_signage_calls_poll_with_the_etag_and_report_the_content_version():
    by_name = {kind.name: kind for kind in loadmix.build(TARGETS, SCREENS)}

    assert by_name["signage-poll"].calls == (
        Call(
            "GET",
            f"/graphql/?id={loadmix.SIGNAGE_SCREEN.sha256}"
            "&variables=%7B%22screen%22%3A+%22lobby%22%7D",
            (
                ("Accept", "application/json"),
                ("X-Signage-Screen", "lobby"),
                ("If-None-Match", '"etag-1"'),
            ),
        ),
    )
    assert by_name["signage-heartbeat"].calls == (
        Call(
            "POST",
            "/signage/lobby/heartbeat",
            (("Content-Type", "application/json"),),
            '{"contentVersion": "version-1", "uptimeSeconds": 3600}',
        ),
    )


def test_lua_strings_keep_printable_ascii_and_escape_every_other_byte():
    assert loadmix.lua_string('a "b" \\ 日\n') == '"a \\034b\\034 \\092 \\230\\151\\165\\010"'


def test_the_lua_mix_lists_each_kind_with_its_calls():
    kinds = [
        Kind("page", "website", 3, (Call("GET", "/a"),)),
        Kind("api", "graphql", 1, (Call("POST", "/g", (("X-A", "1"),), "{}"),)),
    ]

    assert loadmix.lua_mix(kinds) == (
        "return {\n"
        '  {name = "page", weight = 3, calls = {\n'
        '    {method = "GET", path = "/a", headers = {}},\n'
        "  }},\n"
        '  {name = "api", weight = 1, calls = {\n'
        '    {method = "POST", path = "/g", headers = {["X-A"] = "1"}, body = "{}"},\n'
        "  }},\n"
        "}\n"
    )


# What the small server expects of the POST: the JSON body and its header, as the mix gave them.
POST_BODY = json.dumps({"q": '日本語 "quoted"'}, ensure_ascii=False)


class MixServer(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/page?q=%E6%97%A5":
            self.answer(200, cache="hit")
        else:
            self.answer(404)

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        well_formed = self.headers["Content-Type"] == "application/json" and body == POST_BODY
        self.answer(201 if well_formed else 400)

    def answer(self, status, cache=None):
        self.send_response(status)
        if cache:
            self.send_header("X-Cache", cache)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *arguments):
        pass  # the test's output is for failures


@pytest.fixture
def mix_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), MixServer)
    # A short poll interval: shutdown() waits for the loop's next look at its flag.
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_the_wrk_script_records_every_answer_by_kind(mix_server, tmp_path):
    kinds = [
        Kind("page", "website", 2, (Call("GET", "/page?q=%E6%97%A5"),)),
        Kind("missing", "website", 1, (Call("GET", "/missing"),)),
        Kind("post", "graphql", 1, (Call("POST", "/post", loadmix.JSON_HEADERS, POST_BODY),)),
    ]
    mix = tmp_path / "mix.lua"
    mix.write_text(loadmix.lua_mix(kinds), encoding="utf-8")
    started_us = time.monotonic_ns() // 1000
    output = subprocess.run(
        [
            *("wrk", "--threads=2", "--connections=2", "--duration=2s", "--timeout=5s"),
            *("--script", str(MIXED_SCRIPT), mix_server, "--", str(mix), str(tmp_path)),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    ended_us = time.monotonic_ns() // 1000

    totals = loadreport.read_wrk_totals(output)
    answers = loadreport.read_answers(tmp_path)
    assert len(answers) == totals["requests"] > 100
    assert {(answer.kind, answer.status, answer.cache) for answer in answers} == {
        ("page", 200, "hit"),
        ("missing", 404, "-"),
        ("post", 201, "-"),
    }
    missing = sum(answer.kind == "missing" for answer in answers)
    assert totals["errors"] == {
        "connect": 0,
        "read": 0,
        "write": 0,
        "status": missing,
        "timeout": 0,
    }
    # Weights 2:1:1. Each thread's choices are seeded, but how many it makes depends on timing.
    page_share = sum(answer.kind == "page" for answer in answers) / len(answers)
    assert 0.4 < page_share < 0.6
    assert all(0 < answer.latency_us < 2_000_000 for answer in answers)
    assert all(started_us < answer.finished_us < ended_us for answer in answers)


KINDS = (
    Kind("page", "website", 60, (Call("GET", "/a"),)),
    Kind("feed", "feeds", 40, (Call("GET", "/b"), Call("GET", "/c"))),
)
ANSWERS = [
    Answer("page", 200, "hit", 1_000, 100_500_000),
    Answer("page", 200, "miss", 3_000, 104_000_000),
    Answer("page", 200, "hit", 2_000, 111_000_000),
    Answer("feed", 304, "hit", 40_000, 112_000_000),
    Answer("feed", 200, "miss", 10_000, 119_000_000),
]
WRK_TOTALS = {
    "requests": 5,
    "duration_us": 20_000_000,
    "bytes": 1234,
    "errors": {"connect": 0, "read": 0, "write": 0, "status": 0, "timeout": 0},
}


def test_the_summary_has_throughput_latency_statuses_and_cache_hits_per_kind():
    assert loadreport.summarise(ANSWERS, WRK_TOTALS, KINDS, started_us=100_000_000) == {
        "seconds": 20.0,
        "overall": {
            "requests": 5,
            "rps": 0.2,
            "p50_ms": 3.0,
            "p99_ms": 40.0,
            "statuses": {"2xx": 4, "3xx": 1},
            "cache_hits": 3,
            "cache_misses": 2,
        },
        "wrk_requests": 5,
        "socket_errors": {"connect": 0, "read": 0, "write": 0, "timeout": 0},
        "kinds": [
            {
                "name": "page",
                "channel": "website",
                "weight": 60,
                "variants": 1,
                "requests": 3,
                "rps": 0.1,
                "p50_ms": 2.0,
                "p99_ms": 3.0,
                "statuses": {"2xx": 3},
                "cache_hits": 2,
                "cache_misses": 1,
            },
            {
                "name": "feed",
                "channel": "feeds",
                "weight": 40,
                "variants": 2,
                "requests": 2,
                "rps": 0.1,
                "p50_ms": 10.0,
                "p99_ms": 40.0,
                "statuses": {"2xx": 1, "3xx": 1},
                "cache_hits": 1,
                "cache_misses": 1,
            },
        ],
        "timeline_rps": [0.2, 0.3],
    }


def test_percentiles_are_nearest_rank():
    values = list(range(100, 0, -1))

    assert [loadreport.percentile(values, 50), loadreport.percentile(values, 99)] == [50, 99]
    assert loadreport.percentile([7], 99) == 7
    assert loadreport.percentile([], 50) is None


def samples(*totals_mb, workers=((11, 12),), seconds=(0, 5, 10.2, 20, 30)):
    """Samples of the given totals (MB); the last `workers` entry repeats for later samples."""
    return [
        Sample(second, int(total * 1024), workers[min(index, len(workers) - 1)])
        for index, (second, total) in enumerate(zip(seconds, totals_mb, strict=True))
    ]


def test_memory_is_judged_from_the_end_of_the_warm_up_and_counts_replaced_workers():
    summary = loadmemory.summarise(
        samples(100, 200, 200, 230, 220, workers=((11, 12),) * 3 + ((11, 13),)),
        warmup_seconds=10,
        allowed_growth=0.15,
    )

    assert summary == {
        "start_mb": 100.0,
        "warm_mb": 200.0,
        "max_mb": 230.0,
        "end_mb": 220.0,
        "growth_after_warmup": 0.1,
        "allowed_growth": 0.15,
        "warmup_seconds": 10,
        "flat": True,
        "workers": 2,
        "workers_replaced": 1,
        "timeline_mb": [[0, 100.0], [5, 200.0], [10, 200.0], [20, 230.0], [30, 220.0]],
    }


def test_memory_growing_past_the_allowance_is_not_flat():
    summary = loadmemory.summarise(samples(100, 200, 200, 220, 240), 10, 0.15)

    assert (summary["growth_after_warmup"], summary["flat"]) == (0.2, False)


def test_memory_of_a_run_within_the_warm_up_is_not_judged():
    summary = loadmemory.summarise(samples(100, 120, seconds=(0, 5)), 10, 0.15)

    assert (summary["warm_mb"], summary["growth_after_warmup"], summary["flat"]) == (
        None,
        None,
        None,
    )


def load_with(statuses, socket_errors=None):
    errors = {"connect": 0, "read": 0, "write": 0, "timeout": 0, **(socket_errors or {})}
    return {"overall": {"statuses": statuses}, "socket_errors": errors}


FLAT = loadmemory.summarise(samples(100, 200, 200, 210, 210), 10, 0.15)


def test_a_clean_run_passes_every_check():
    rows = loadreport.checks(load_with({"2xx": 900, "3xx": 100}), FLAT)

    assert rows == [
        {"check": "Server errors (5xx)", "measured": 0, "limit": 0, "passed": True},
        {"check": "Refused requests (4xx)", "measured": 0, "limit": 0, "passed": True},
        {
            "check": "Socket errors (connect, read, write, timeout)",
            "measured": 0,
            "limit": 0,
            "passed": True,
        },
        {
            "check": "Memory growth after the 10 s warm-up",
            "measured": "+5.0% (200.0 → 210.0 MB)",
            "limit": "≤ +15%",
            "passed": True,
        },
    ]
    assert loadreport.passed(rows) is True


def test_any_error_answer_socket_error_or_growth_fails_the_run():
    grown = loadmemory.summarise(samples(100, 200, 200, 220, 240), 10, 0.15)
    rows = loadreport.checks(
        load_with({"2xx": 900, "4xx": 2, "5xx": 1}, {"read": 3, "timeout": 1}), grown
    )

    assert [(row["measured"], row["passed"]) for row in rows] == [
        (1, False),
        (2, False),
        (4, False),
        ("+20.0% (200.0 → 240.0 MB)", False),
    ]
    assert loadreport.passed(rows) is False


def test_memory_not_judged_fails_nothing():
    short = loadmemory.summarise(samples(100, 120, seconds=(0, 5)), 10, 0.15)
    rows = loadreport.checks(load_with({"2xx": 10}), short)

    assert rows[-1] == {
        "check": "Memory growth after the 10 s warm-up",
        "measured": "not judged: the run ended within the warm-up",
        "limit": "≤ +15%",
        "passed": None,
    }
    assert loadreport.passed(rows) is True


# A parent with two children, like gunicorn's master and its workers; the marker finds it.
PROCESS_TREE = (
    "import subprocess, sys, time\n"
    "children = [subprocess.Popen(['sleep', '30']) for _ in range(2)]\n"
    "time.sleep(30)\n"
)


@pytest.fixture
def process_tree():
    parent = subprocess.Popen(
        [sys.executable, "-c", PROCESS_TREE, "loadtest-tree-marker"], start_new_session=True
    )
    deadline = time.monotonic() + 10
    while len(loadmemory.children(parent.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    yield parent
    with contextlib.suppress(ProcessLookupError):  # a test may have ended it already
        os.killpg(parent.pid, signal.SIGKILL)
    parent.wait()


def test_a_sample_sums_the_rss_of_the_master_and_its_current_children(process_tree):
    master = loadmemory.child_running(os.getpid(), "loadtest-tree-marker")
    sample = loadmemory.sample(master, seconds=1.5)

    assert master == process_tree.pid
    assert len(sample.workers) == 2
    assert sample.workers == tuple(loadmemory.children(master))
    sizes = [loadmemory.rss_kb(pid) for pid in (master, *sample.workers)]
    assert all(size > 0 for size in sizes)
    assert (sample.seconds, sample.total_kb) == (1.5, sum(sizes))


def test_a_process_that_has_exited_has_no_rss_and_is_no_child(process_tree):
    os.killpg(process_tree.pid, signal.SIGKILL)
    process_tree.wait()

    assert loadmemory.rss_kb(process_tree.pid) is None
    with pytest.raises(LookupError, match="runs loadtest-tree-marker"):
        loadmemory.child_running(os.getpid(), "loadtest-tree-marker")
