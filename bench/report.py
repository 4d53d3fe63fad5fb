"""The run's tables and the issue's targets, judged as ratios within the one run.

Absolute figures depend on the machine and what else runs on it; ratios between endpoints
measured minutes apart on the same data are what the targets are about.
"""

from .endpoints import CACHED, COLD

LIST, BASELINE, WAGTAIL = "graphql-list", "baseline-list", "wagtail-list"
MAX_RATIO_TO_BASELINE = 2.0
MIN_CACHED_SPEEDUP = 10.0
MAX_LATENCY_GROWTH = 1.5


def find_run(scale, endpoint, mode):
    for run in scale["runs"]:
        if run["endpoint"] == endpoint and run["mode"] == mode:
            return run
    return None


def ratio(numerator, denominator):
    """numerator ÷ denominator, or None when either was not measured (no request completed)."""
    if not numerator or not denominator:
        return None
    return numerator / denominator


def target_row(target, scale, measured, limit, passed):
    """One judged target; `measured` None means the run has no figure to judge."""
    return {
        "target": target,
        "scale": scale,
        "measured": "n/a" if measured is None else measured,
        "limit": limit,
        "result": "n/a" if passed is None else ("PASS" if passed else "FAIL"),
    }


def ratio_row(target, scale, value, limit, holds):
    measured = None if value is None else f"{value:.2f}×"
    return target_row(target, scale, measured, limit, None if value is None else holds(value))


def per_scale_targets(scale):
    rows = []
    label = f"{scale['scale']['sessions']:,} sessions"
    graphql = find_run(scale, LIST, COLD)
    baseline, wagtail = find_run(scale, BASELINE, COLD), find_run(scale, WAGTAIL, COLD)
    if graphql and baseline:
        rows.append(
            ratio_row(
                "GraphQL list p50 ÷ hand-written p50",
                label,
                ratio(graphql["p50_ms"], baseline["p50_ms"]),
                f"≤ {MAX_RATIO_TO_BASELINE:g}×",
                lambda value: value <= MAX_RATIO_TO_BASELINE,
            )
        )
    if graphql and wagtail:
        rows.append(
            ratio_row(
                "Wagtail API v2 p50 ÷ GraphQL list p50",
                label,
                ratio(wagtail["p50_ms"], graphql["p50_ms"]),
                "> 1× (GraphQL faster)",
                lambda value: value > 1,
            )
        )
    for cold in (run for run in scale["runs"] if run["mode"] == COLD):
        cached = find_run(scale, cold["endpoint"], CACHED)
        if cached:
            rows.append(
                ratio_row(
                    f"{cold['label']}: cached ÷ cold req/s",
                    label,
                    ratio(cached["rps"], cold["rps"]),
                    f"≥ {MIN_CACHED_SPEEDUP:g}×",
                    lambda value: value >= MIN_CACHED_SPEEDUP,
                )
            )
    return rows


def across_scale_targets(scales):
    if len(scales) < 2:
        return []
    smallest = min(scales, key=lambda scale: scale["scale"]["sessions"])
    largest = max(scales, key=lambda scale: scale["scale"]["sessions"])
    label = f"{largest['scale']['sessions']:,} vs {smallest['scale']['sessions']:,}"
    rows = []
    for small in (run for run in smallest["runs"] if run["mode"] == COLD):
        large = find_run(largest, small["endpoint"], COLD)
        if large:
            rows.append(
                ratio_row(
                    f"{small['label']}: p50 growth",
                    label,
                    ratio(large["p50_ms"], small["p50_ms"]),
                    f"≤ {MAX_LATENCY_GROWTH:g}×",
                    lambda value: value <= MAX_LATENCY_GROWTH,
                )
            )
    for name, endpoint_label in {run["endpoint"]: run["label"] for run in smallest["runs"]}.items():
        runs = [find_run(scale, name, COLD) for scale in scales]
        counts = [run["sql"] for run in runs if run]
        rows.append(
            target_row(
                f"{endpoint_label}: SQL per request across scales",
                "all",
                " / ".join(str(count) for count in counts),
                "the same at every scale",
                len(set(counts)) == 1,
            )
        )
    return rows


def targets(scales):
    rows = [row for scale in scales for row in per_scale_targets(scale)]
    return rows + across_scale_targets(scales)


def table_cell(value):
    return str(value).replace("|", "\\|").replace("\n", " ")


def markdown_table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(table_cell(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def one_decimal(value):
    return "–" if value is None else f"{value:.1f}"


def scale_section(scale):
    counts = scale["scale"]
    heading = (
        f"## {counts['sessions']:,} sessions ({counts['events']:,} events, "
        f"{counts['upcoming_events']:,} upcoming; {counts['groups']:,} groups)"
    )
    rows = [
        (
            run["label"],
            run["mode"],
            one_decimal(run["p50_ms"]),
            one_decimal(run["p99_ms"]),
            one_decimal(run["rps"]),
            run["requests"],
            run["sql"],
            one_decimal(run["bytes"] / 1024),
            run.get("x_cache", "–"),
            run.get("failure") or run["errors"] or "",
        )
        for run in scale["runs"]
    ]
    header = (
        *("Endpoint", "Mode", "p50 ms", "p99 ms", "req/s", "Requests"),
        *("SQL/req", "KB", "X-Cache", "Errors"),
    )
    return f"{heading}\n\n{markdown_table(header, rows)}"


def markdown(results):
    machine, load = results["machine"], results["load"]
    intro = (
        f"# Benchmark {machine['date']} (commit {machine['commit']})\n\n"
        f"{machine['cpus']} × {machine['cpu_model']}, load average "
        f"{machine['load_average_start']} at start, {machine['load_average_end']} at the end; "
        f"Python {machine['python']}, PostgreSQL {machine['postgres']}, "
        f"gunicorn {machine['gunicorn']} ({load['workers']}), {machine['wrk']}: "
        f"{load['threads']} threads × {load['connections']} connections, "
        f"{load['duration']} s per run after {load['warmup']} s of warm-up; latency includes "
        "time queued for a free worker. "
        "cold: response cache off (RESPONSE_CACHE_SECONDS=0); cached: on (60 s), warmed. "
        "Baselines run cold only. SQL/req is counted in-process, cold, on a second request."
    )
    sections = [scale_section(scale) for scale in results["scales"]]
    target_rows = [
        (row["target"], row["scale"], row["measured"], row["limit"], row["result"])
        for row in results["targets"]
    ]
    targets_table = markdown_table(("Target", "Scale", "Measured", "Limit", "Result"), target_rows)
    return "\n\n".join([intro, *sections, f"## Targets\n\n{targets_table}"]) + "\n"
