"""The run's tables and the issue's targets, judged as ratios within the one run.

Absolute figures depend on the machine and what else runs on it; ratios between endpoints
measured minutes apart on the same data are what the targets are about. Each ratio is worked
out for one client and for concurrent clients alike, where both were measured.
"""

from .endpoints import CACHED, COLD
from .loads import CONCURRENT, LOAD_NAMES, SINGLE

LIST, BASELINE, WAGTAIL = "graphql-list", "baseline-list", "wagtail-list"
# Issue 16's targets. Latency at the largest scale within 1.3× of the smallest, for these:
MAX_GROWTH = 1.3
FLAT_AS_DATA_GROWS = ("graphql-list", "graphql-detail", "graphql-signage", "ics", "events-page")
# GraphQL's own cost over the hand-written view's, judged as the issue states it: one client, cold.
MAX_RATIO_TO_BASELINE = 1.5
BASELINE_JUDGED_UNDER = (SINGLE,)
MIN_CACHED_SPEEDUP = 10.0
MET, NOT_MET, NOT_AVAILABLE = "met", "not met", "n/a"


def find_run(scale, endpoint, mode, load):
    for run in scale["runs"]:
        if (run["endpoint"], run["mode"], run["load"]) == (endpoint, mode, load):
            return run
    return None


def ratio(numerator, denominator):
    """numerator ÷ denominator, or None when either was not measured (no request completed)."""
    if not numerator or not denominator:
        return None
    return numerator / denominator


def ratio_cell(value, holds):
    """One load's figure for a row; `holds` None means the ratio is shown but not judged."""
    if value is None:
        return {"measured": NOT_AVAILABLE, "result": None if holds is None else NOT_AVAILABLE}
    result = None if holds is None else (MET if holds(value) else NOT_MET)
    return {"measured": f"{value:.2f}×", "result": result}


def target_row(target, scale, limit, cells):
    """A ratio for each load (`cells` by load name; a load without its runs has None)."""
    return {"target": target, "scale": scale, "limit": limit, **cells}


def compare(target, scale, limit, pair, figure, holds, judged_under=LOAD_NAMES):
    """A row comparing the two runs `pair(load)` returns, `figure` of the first ÷ of the second.

    A run with errors (an error status, a timeout) gives no ratio: wrk times error answers too,
    so its figures are not the work's.
    """
    cells = {}
    for load in LOAD_NAMES:
        numerator, denominator = pair(load)
        if numerator is None or denominator is None:
            cells[load] = None
            continue
        value = None
        if not numerator["errors"] and not denominator["errors"]:
            value = ratio(numerator[figure], denominator[figure])
        cells[load] = ratio_cell(value, holds if load in judged_under else None)
    return target_row(target, scale, limit, cells)


def sessions_label(scale):
    return f"{scale['scale']['sessions']:,}"


def per_scale_targets(scale):
    label = sessions_label(scale)
    rows = [
        compare(
            "GraphQL list p50 ÷ hand-written p50",
            label,
            f"≤ {MAX_RATIO_TO_BASELINE:g}× with 1 client",
            lambda load: (find_run(scale, LIST, COLD, load), find_run(scale, BASELINE, COLD, load)),
            "p50_ms",
            lambda value: value <= MAX_RATIO_TO_BASELINE,
            judged_under=BASELINE_JUDGED_UNDER,
        ),
        compare(
            "Wagtail API v2 p50 ÷ GraphQL list p50",
            label,
            "> 1× (GraphQL faster)",
            lambda load: (find_run(scale, WAGTAIL, COLD, load), find_run(scale, LIST, COLD, load)),
            "p50_ms",
            lambda value: value > 1,
        ),
    ]
    for cold in (run for run in scale["runs"] if run["mode"] == COLD and run["load"] == SINGLE):
        name = cold["endpoint"]
        rows.append(
            compare(
                f"{cold['label']}: cached ÷ cold req/s",
                label,
                f"≥ {MIN_CACHED_SPEEDUP:g}×",
                lambda load, name=name: (
                    find_run(scale, name, CACHED, load),
                    find_run(scale, name, COLD, load),
                ),
                "rps",
                lambda value: value >= MIN_CACHED_SPEEDUP,
            )
        )
    return [row for row in rows if row[SINGLE] or row[CONCURRENT]]


def smallest_and_largest(scales):
    by_size = sorted(scales, key=lambda scale: scale["scale"]["sessions"])
    return by_size[0], by_size[-1]


def growth_targets(scales):
    """p50 at the largest scale ÷ at the smallest, for every endpoint measured cold at both."""
    if len(scales) < 2:
        return []
    smallest, largest = smallest_and_largest(scales)
    label = f"{sessions_label(largest)} ÷ {sessions_label(smallest)}"
    rows = []
    for run in (run for run in smallest["runs"] if run["mode"] == COLD and run["load"] == SINGLE):
        name = run["endpoint"]
        judged = name in FLAT_AS_DATA_GROWS
        rows.append(
            compare(
                f"{run['label']}: p50 growth",
                label,
                f"≤ {MAX_GROWTH:g}×" if judged else "– (not a target)",
                lambda load, name=name: (
                    find_run(largest, name, COLD, load),
                    find_run(smallest, name, COLD, load),
                ),
                "p50_ms",
                lambda value: value <= MAX_GROWTH,
                judged_under=LOAD_NAMES if judged else (),
            )
        )
    return [row for row in rows if row[SINGLE] or row[CONCURRENT]]


def targets(scales):
    """Every ratio of issue 16, judged where it is a target: growth with the data first."""
    return growth_targets(scales) + [row for scale in scales for row in per_scale_targets(scale)]


def sql_per_request(scales):
    """SQL per request of each endpoint at each scale; the target is the same count at all."""
    if len(scales) < 2:
        return []
    labels = {run["endpoint"]: run["label"] for scale in scales for run in scale["runs"]}
    rows = []
    for name, label in labels.items():
        counts = [
            next((run["sql"] for run in scale["runs"] if run["endpoint"] == name), None)
            for scale in scales
        ]
        # An endpoint missing at a scale (Wagtail API v2 in quick mode) has nothing to compare.
        result = MET if len(set(counts)) == 1 else NOT_MET
        rows.append(
            {
                "endpoint": label,
                "counts": counts,
                "result": NOT_AVAILABLE if None in counts else result,
            }
        )
    return rows


def table_cell(value):
    return str(value).replace("|", "\\|").replace("\n", " ")


def markdown_table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(table_cell(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def one_decimal(value):
    return "–" if value is None else f"{value:.1f}"


def whole(value):
    return "–" if value is None else f"{value:.0f}"


def load_labels(connections):
    return {SINGLE: "1 client", CONCURRENT: f"{connections} clients"}


def endpoint_modes(scale):
    """(endpoint, label, mode) in the order measured, once each whatever the loads."""
    seen = {}
    for run in scale["runs"]:
        seen.setdefault((run["endpoint"], run["mode"]), run["label"])
    return [(endpoint, label, mode) for (endpoint, mode), label in seen.items()]


def errors_cell(runs, labels):
    failures = {run["failure"] for run in runs if run and run.get("failure")}
    if failures:
        return "; ".join(sorted(failures))
    return "; ".join(
        f"{labels[run['load']]}: {run['errors']}" for run in runs if run and run["errors"]
    )


def load_figures(run):
    if run is None:
        return ("–",) * 4
    latency = (one_decimal(run["p50_ms"]), one_decimal(run["p99_ms"]))
    return (*latency, one_decimal(run["rps"]), run["requests"])


def scale_section(scale, labels):
    counts = scale["scale"]
    heading = (
        f"## {counts['sessions']:,} sessions ({counts['events']:,} events, "
        f"{counts['upcoming_events']:,} upcoming; {counts['groups']:,} groups)"
    )
    rows = []
    for name, label, mode in endpoint_modes(scale):
        runs = [find_run(scale, name, mode, load) for load in LOAD_NAMES]
        first = next(run for run in runs if run)
        rows.append(
            (
                label,
                mode,
                *(figure for run in runs for figure in load_figures(run)),
                first["sql"],
                one_decimal(first["bytes"] / 1024),
                first.get("x_cache", "–"),
                errors_cell(runs, labels),
            )
        )
    header = (
        *("Endpoint", "Mode"),
        *(
            f"{labels[load]} {figure}" if figure == "p50 ms" else figure
            for load in LOAD_NAMES
            for figure in ("p50 ms", "p99 ms", "req/s", "n")
        ),
        *("SQL/req", "KB", "X-Cache", "Errors"),
    )
    return f"{heading}\n\n{markdown_table(header, rows)}"


def summary_section(scales, labels):
    """p50 and req/s of every endpoint side by side: each scale cold by one client and by
    concurrent clients, then cached."""
    columns = [(COLD, SINGLE), (COLD, CONCURRENT), (CACHED, CONCURRENT)]
    names = {run["endpoint"]: run["label"] for scale in scales for run in scale["runs"]}
    rows = []
    for name, label in names.items():
        cells = []
        for scale in scales:
            for mode, load in columns:
                run = find_run(scale, name, mode, load)
                cells.append(
                    "" if run is None else f"{whole(run['p50_ms'])} / {one_decimal(run['rps'])}"
                )
        rows.append((label, *cells))
    header = (
        "Endpoint (p50 ms / req/s)",
        *(
            f"{sessions_label(scale)} {mode}, {labels[load]}"
            for scale in scales
            for mode, load in columns
        ),
    )
    return f"## Summary\n\n{markdown_table(header, rows)}"


def judged_cell(cell):
    if cell is None:
        return "–"
    if cell["result"] == NOT_MET:
        return f"{cell['measured']} **not met**"
    if cell["result"] == MET:
        return f"{cell['measured']} met"
    return cell["measured"]


def targets_section(rows, labels):
    table = markdown_table(
        ("Ratio", "Scale", "Target", *(labels[load] for load in LOAD_NAMES)),
        [
            (
                row["target"],
                row["scale"],
                row["limit"],
                *(judged_cell(row[load]) for load in LOAD_NAMES),
            )
            for row in rows
        ],
    )
    return f"## Targets\n\n{table}"


def sql_section(rows, scales):
    table = markdown_table(
        ("Endpoint", *(sessions_label(scale) for scale in scales), "Same at every scale"),
        [
            (
                row["endpoint"],
                *("–" if count is None else count for count in row["counts"]),
                row["result"],
            )
            for row in rows
        ],
    )
    return f"## SQL per request\n\n{table}"


def introduction(results):
    machine, load = results["machine"], results["load"]
    connections = load["connections"]
    title = "Benchmark, quick mode," if load.get("quick") else "Benchmark"
    return (
        f"# {title} {machine['date']} (commit {machine['commit']})\n\n"
        f"{GROWTH_DESCRIPTIONS[load.get('growth', 'dense')]}\n\n"
        f"{machine['cpus']} × {machine['cpu_model']}, load average "
        f"{machine['load_average_start']} at start, {machine['load_average_end']} at the end; "
        f"Python {machine['python']}, PostgreSQL {machine['postgres']}, "
        f"gunicorn {machine['gunicorn']} ({load['workers']}), {machine['wrk']}. "
        "cold: response cache off (RESPONSE_CACHE_SECONDS=0), measured by 1 client (wrk, 1 "
        "thread × 1 connection: one request at a time, so latency is the work without queueing) "
        f"and by {connections} clients ({load['threads']} threads × {connections} connections: "
        "latency includes time queued for a free worker); cached: on (60 s), warmed, by "
        f"{connections} clients only. {load['duration']} s per load after {load['warmup']} s of "
        "warm-up per endpoint. Baselines run cold only. SQL/req is counted in-process, cold, "
        "on a second request; n is the requests completed. A ratio is n/a when a run has no "
        "figure or had errors (wrk times error answers too)."
    )


GROWTH_DESCRIPTIONS = {
    "dense": "Data growth: **dense**, every sample session in the 12 months from the day the "
    "data was made, so the larger scale is a year that many times as busy (bench/data.py).",
    "history": "Data growth: **history**, the first 1,000 sample sessions fill the coming 12 "
    "months and each further 1,000 the year before, so every scale has the same coming year "
    "and the larger ones decades of past events (bench/data.py).",
}


def markdown(results):
    labels = load_labels(results["load"]["connections"])
    scales = results["scales"]
    sections = [
        introduction(results),
        summary_section(scales, labels),
        targets_section(results["targets"], labels),
    ]
    if results.get("sql_per_request"):
        sections.append(sql_section(results["sql_per_request"], scales))
    sections += [scale_section(scale, labels) for scale in scales]
    return "\n\n".join(sections) + "\n"
