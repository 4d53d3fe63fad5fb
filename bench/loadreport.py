"""The load test's figures and verdict, from the answers bench/wrk/mixed.lua recorded.

Each wrk thread wrote one line per answer (kind, status, X-Cache, latency, finish time); wrk's
last output line holds its totals and socket errors. From those: throughput and p50/p99 latency
overall and per kind, answers by status class, cache hits, throughput per 10 s, and the checks
the run passes or fails by.
"""

import json
import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

TIMELINE_WINDOW_SECONDS = 10
RESULTS = {True: "PASS", False: "FAIL", None: "n/a"}
SOCKET_ERRORS = ("connect", "read", "write", "timeout")


@dataclass(frozen=True)
class Answer:
    kind: str
    status: int
    cache: str  # the X-Cache header: hit, miss, or "-" when the response has none
    latency_us: int
    finished_us: int  # CLOCK_MONOTONIC, the clock of Python's time.monotonic()


def parse_answer(line):
    kind, status, cache, latency, finished = line.split("\t")
    return Answer(kind, int(status), cache, int(latency), int(finished))


def read_answers(folder):
    """Every answer the wrk threads wrote to `folder`, one file per thread."""
    return [
        parse_answer(line)
        for path in sorted(Path(folder).glob("thread-*.tsv"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]


def read_wrk_totals(output):
    """wrk's totals: the JSON object done() printed as the output's last line."""
    return json.loads(output.strip().splitlines()[-1])


def percentile(values, percent):
    """Nearest-rank percentile of unsorted values, or None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(math.ceil(percent / 100 * len(ordered)) - 1, 0)]


def milliseconds(microseconds):
    return None if microseconds is None else round(microseconds / 1000, 1)


def status_classes(answers):
    """Answers by status class, e.g. {"2xx": 5120, "3xx": 240}."""
    return dict(sorted(Counter(f"{answer.status // 100}xx" for answer in answers).items()))


def figures(answers, seconds):
    latencies = [answer.latency_us for answer in answers]
    cache = Counter(answer.cache for answer in answers)
    return {
        "requests": len(answers),
        "rps": round(len(answers) / seconds, 1),
        "p50_ms": milliseconds(percentile(latencies, 50)),
        "p99_ms": milliseconds(percentile(latencies, 99)),
        "statuses": status_classes(answers),
        "cache_hits": cache["hit"],
        "cache_misses": cache["miss"],
    }


def throughput_timeline(answers, started_us, seconds):
    """Answers per second in each whole 10-second window of the run."""
    windows = int(seconds // TIMELINE_WINDOW_SECONDS)
    counts = Counter(
        (answer.finished_us - started_us) // (TIMELINE_WINDOW_SECONDS * 1_000_000)
        for answer in answers
    )
    return [round(counts[window] / TIMELINE_WINDOW_SECONDS, 1) for window in range(windows)]


def summarise(answers, wrk_totals, kinds, started_us):
    """Overall and per-kind figures; `kinds` (loadmix.Kind) give the report's order and weights."""
    seconds = wrk_totals["duration_us"] / 1_000_000
    by_kind = {kind.name: [] for kind in kinds}
    for answer in answers:
        by_kind[answer.kind].append(answer)
    return {
        "seconds": round(seconds, 1),
        "overall": figures(answers, seconds),
        "wrk_requests": wrk_totals["requests"],
        "socket_errors": {name: wrk_totals["errors"][name] for name in SOCKET_ERRORS},
        "kinds": [{**kind.describe(), **figures(by_kind[kind.name], seconds)} for kind in kinds],
        "timeline_rps": throughput_timeline(answers, started_us, seconds),
    }


def check(name, measured, limit, passed):
    return {"check": name, "measured": measured, "limit": limit, "passed": passed}


def checks(load, memory):
    """What the run passes or fails by. Every request in the mix is valid and public, so a 4xx
    is a failure as much as a 5xx: the mix, or the site, is broken."""
    statuses = load["overall"]["statuses"]
    server_errors = statuses.get("5xx", 0)
    client_errors = statuses.get("4xx", 0)
    socket_errors = sum(load["socket_errors"].values())
    growth = memory["growth_after_warmup"]
    return [
        check("Server errors (5xx)", server_errors, 0, server_errors == 0),
        check("Refused requests (4xx)", client_errors, 0, client_errors == 0),
        check(
            "Socket errors (connect, read, write, timeout)", socket_errors, 0, socket_errors == 0
        ),
        check(
            f"Memory growth after the {memory['warmup_seconds']} s warm-up",
            "not judged: the run ended within the warm-up"
            if growth is None
            else f"{growth:+.1%} ({memory['warm_mb']} → {memory['end_mb']} MB)",
            f"≤ +{memory['allowed_growth']:.0%}",
            memory["flat"],
        ),
    ]


def passed(rows):
    """True unless a check failed; a check not judged (None) fails nothing."""
    return all(row["passed"] is not False for row in rows)


def figure(value, unit=""):
    return "–" if value is None else f"{value:,}{unit}"


def hit_share(row):
    looked_up = row["cache_hits"] + row["cache_misses"]
    return f"{row['cache_hits'] / looked_up:.0%}" if looked_up else "–"


def statuses_text(statuses):
    return ", ".join(f"{count:,} × {status}" for status, count in statuses.items()) or "–"


def kind_row(row, name, share):
    return (
        f"| {name} | {share} | {figure(row['requests'])} | {figure(row['rps'])} "
        f"| {figure(row['p50_ms'])} | {figure(row['p99_ms'])} | {statuses_text(row['statuses'])} "
        f"| {hit_share(row)} |"
    )


def markdown(results):
    """The report bench/results/loadtest-latest.md holds and the command prints."""
    machine, settings, load, memory = (
        results["machine"],
        results["settings"],
        results["load"],
        results["memory"],
    )
    verdict = RESULTS[results["passed"]]
    lines = [
        f"# Load test: {verdict}",
        "",
        f"{machine['date']}, commit {machine['commit']}; {machine['cpus']} × {machine['cpu_model']}, "
        f"Python {machine['python']}, PostgreSQL {machine['postgres']}, gunicorn "
        f"{machine['gunicorn']} ({settings['workers']}), {machine['wrk']}. Load average "
        f"(1, 5, 15 min) {machine['load_average_start']} before, {machine['load_average_end']} "
        "after.",
        "",
        f"{settings['clients']} clients for {load['seconds']} s on loopback, response cache "
        f"{settings['response_cache_seconds']} s (Redis), client timeout "
        f"{settings['timeout_seconds']} s. Data: {results['scale']['sessions']:,} sessions of "
        f"{results['scale']['events']:,} events ({results['scale']['upcoming_events']:,} "
        f"upcoming), {results['scale']['groups']:,} groups.",
        "",
        "| Check | Measured | Limit | Result |",
        "| --- | --- | --- | --- |",
        *(
            f"| {row['check']} | {row['measured']} | {row['limit']} | {RESULTS[row['passed']]} |"
            for row in results["checks"]
        ),
        "",
        "| Kind of request | Share | Requests | req/s | p50 ms | p99 ms | Status | Cache hits |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
        kind_row(load["overall"], "**All**", "100 %"),
        *(kind_row(row, row["name"], f"{row['weight']} %") for row in load["kinds"]),
        "",
        f"Throughput per {TIMELINE_WINDOW_SECONDS} s (req/s): "
        + (", ".join(figure(rps) for rps in load["timeline_rps"]) or "the run was shorter")
        + ".",
        "",
        f"Memory (RSS of the gunicorn master and its {memory['workers']} workers): start "
        f"{memory['start_mb']} MB, after the warm-up {figure(memory['warm_mb'], ' MB')}, max "
        f"{memory['max_mb']} MB, end {memory['end_mb']} MB; workers replaced during the run: "
        f"{memory['workers_replaced']}.",
        "",
    ]
    return "\n".join(lines)
