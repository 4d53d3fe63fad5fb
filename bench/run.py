"""`python -m bench.run`: the benchmark (issue 6), from data generation to the judged targets.

Creates and migrates the bench database when needed. Then, for each scale: top the database up
to that many event sessions (bench.generate), count SQL per request in-process (bench.probe),
start gunicorn without and with the response cache and measure each endpoint with wrk. Prints
the Markdown report and writes it, with the raw figures, to bench/results/latest.{md,json}.
"""

import argparse
import datetime as dt
import importlib.util
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import gunicorn as gunicorn_package
import psycopg
import redis
from psycopg import sql

from . import endpoints, report, server, services

RESULTS = Path(__file__).resolve().parent / "results"
DEFAULT_SCALES = "1000,10000,100000"
CACHE_SECONDS = {endpoints.COLD: 0, endpoints.CACHED: 60}
NOT_MEASURED = {"p50_ms": None, "p99_ms": None, "rps": None, "requests": 0, "errors": None}


def parse_arguments(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--scales",
        default=os.environ.get("BENCH_SCALES", DEFAULT_SCALES),
        help=f"event sessions per scale, comma-separated (default {DEFAULT_SCALES})",
    )
    parser.add_argument(
        "--duration",
        type=int,
        default=int(os.environ.get("BENCH_DURATION", "10")),
        help="seconds measured per endpoint and mode (default 10, env BENCH_DURATION)",
    )
    parser.add_argument(
        "--warmup",
        type=int,
        default=int(os.environ.get("BENCH_WARMUP", "2")),
        help="seconds of unmeasured load before each measurement (default 2)",
    )
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--endpoints",
        default=",".join(endpoints.ENDPOINT_NAMES),
        help="comma-separated subset of: " + ", ".join(endpoints.ENDPOINT_NAMES),
    )
    parser.add_argument(
        "--modes", default=",".join(endpoints.MODES), help="cold, cached or both (default)"
    )
    parser.add_argument(
        "--skip-generate",
        action="store_true",
        help="measure the bench database as it is (one scale, whatever it holds)",
    )
    arguments = parser.parse_args(argv)
    arguments.scales = [int(scale) for scale in arguments.scales.split(",")]
    arguments.endpoints = arguments.endpoints.split(",")
    arguments.modes = arguments.modes.split(",")
    unknown = set(arguments.endpoints) - set(endpoints.ENDPOINT_NAMES)
    unknown |= set(arguments.modes) - set(endpoints.MODES)
    if unknown:
        parser.error("unknown endpoints or modes: " + ", ".join(sorted(unknown)))
    return arguments


def step(message):
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def manage(*command):
    subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=server.BASE_DIR,
        env=server.bench_environment(),
        check=True,
    )


def ensure_database():
    """Create the bench database when it does not exist yet, then bring its schema up to date."""
    info = psycopg.conninfo.conninfo_to_dict(services.DATABASE_URL)
    name = info.pop("dbname")
    with psycopg.connect(**info, dbname="postgres", autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            step(f"creating database {name}")
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    step("migrating the bench database")
    manage("migrate", "--no-input", "--verbosity", "0")


def generate(sessions):
    if importlib.util.find_spec("bench.generate") is None:
        sys.exit(
            "bench/generate.py does not exist yet, so scales cannot be generated. Fill the bench "
            "database yourself (DJANGO_SETTINGS_MODULE=bench.settings manage.py load_plan, then "
            "load_demo) and run with --skip-generate."
        )
    step(f"generating data up to {sessions:,} sessions")
    subprocess.run(
        [sys.executable, "-m", "bench.generate", "--sessions", str(sessions)],
        cwd=server.BASE_DIR,
        env=server.bench_environment(),
        check=True,
    )


def bench_module_json(module):
    """What a bench module run against the bench database prints, as JSON: it runs in a process
    of its own because it needs Django set up on the bench settings, which this driver is not."""
    output = subprocess.run(
        [sys.executable, "-m", module],
        cwd=server.BASE_DIR,
        env=server.bench_environment(),
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return json.loads(output.stdout)


def probe():
    step("counting SQL per request")
    return bench_module_json("bench.probe")


def forget_cached_responses():
    """Each server starts from an empty cache: entries from another scale must not answer."""
    redis.Redis.from_url(services.REDIS_URL).flushdb()


def measure_endpoint(running, endpoint, arguments):
    """wrk's figures for one endpoint, after a warm-up whose queued requests are worked off."""
    load = (running.url, endpoint)
    settings = (arguments.connections, arguments.threads)
    server.wrk(*load, arguments.warmup, *settings)
    server.settle(running, endpoint)
    figures = server.wrk(*load, arguments.duration, *settings)
    server.settle(running, endpoint)
    return figures


def measure_mode(mode, selected, probed, arguments, log_dir):
    """Every selected endpoint of one mode on a fresh server; returns (runs, server description)."""
    runs = []
    forget_cached_responses()
    log_path = log_dir / f"gunicorn-{mode}.log"
    with server.gunicorn(CACHE_SECONDS[mode], log_path) as running:
        for endpoint in (endpoint for endpoint in selected if mode in endpoint.modes):
            step(f"{mode}: {endpoint.label}")
            counted = probed["endpoints"][endpoint.name]
            run = {
                "endpoint": endpoint.name,
                "label": endpoint.label,
                "mode": mode,
                "sql": counted["sql"],
                "bytes": counted["bytes"],
                "in_process_ms": counted["in_process_ms"],
            }
            try:
                run["x_cache"] = server.check_answers(running.url, endpoint)
                run.update(measure_endpoint(running, endpoint, arguments))
            except server.EndpointFailed as failure:
                # One endpoint that fails at a scale (a feed too big to build in time) is a
                # result in itself; the others are still measured.
                step(f"{endpoint.label} not measured: {failure}\n{server.log_tail(log_path)}")
                run.update(NOT_MEASURED, failure=str(failure))
            runs.append(run)
    return runs, f"{running.workers} sync workers, {running.config}"


def measure_scale(sessions, arguments, log_dir):
    if not arguments.skip_generate:
        generate(sessions)
    probed = probe()
    selected = [
        endpoint
        for endpoint in endpoints.build(probed["targets"])
        if endpoint.name in arguments.endpoints
    ]
    runs, workers = [], ""
    for mode in arguments.modes:
        mode_runs, workers = measure_mode(mode, selected, probed, arguments, log_dir)
        runs += mode_runs
    return {
        "requested_sessions": sessions,
        "scale": probed["scale"],
        "targets": probed["targets"],
        "workers": workers,
        "postgres": probed["postgres"],
        "runs": runs,
    }


def command_output(*command):
    try:
        return subprocess.run(command, capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""


def cpu_model():
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


def load_average():
    return " ".join(f"{load:.2f}" for load in os.getloadavg())


def machine(postgres, load_at_start):
    """What the figures were measured on; the load averages tell how busy the machine was."""
    commit = command_output("git", "-C", str(server.BASE_DIR), "rev-parse", "--short", "HEAD")
    if command_output("git", "-C", str(server.BASE_DIR), "status", "--porcelain"):
        commit += " with uncommitted changes"
    return {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "commit": commit,
        "cpus": os.cpu_count(),
        "cpu_model": cpu_model(),
        "load_average_start": load_at_start,
        "load_average_end": load_average(),
        "python": platform.python_version(),
        "postgres": postgres,
        "gunicorn": gunicorn_package.__version__,
        "wrk": (command_output("wrk", "--version").splitlines() or ["wrk"])[0].split(" [")[0],
    }


def write_results(results, name="latest", markdown=None):
    """bench/results/<name>.md (kept in git) and .json (not); returns the Markdown."""
    RESULTS.mkdir(exist_ok=True)
    text = (markdown or report.markdown)(results)
    (RESULTS / f"{name}.md").write_text(text, encoding="utf-8")
    (RESULTS / f"{name}.json").write_text(
        json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return text


def main(argv=None):
    arguments = parse_arguments(argv)
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: `make bench` installs it (apt-get install wrk).")
    scales = arguments.scales[:1] if arguments.skip_generate else arguments.scales
    ensure_database()
    step("collecting static files")
    manage("collectstatic", "--noinput", "--verbosity", "0")
    load_at_start = load_average()
    with tempfile.TemporaryDirectory(prefix="kamagaya-bench-") as log_dir:
        measured = [measure_scale(sessions, arguments, Path(log_dir)) for sessions in scales]
    results = {
        "machine": machine(measured[0]["postgres"], load_at_start),
        "load": {
            "duration": arguments.duration,
            "warmup": arguments.warmup,
            "connections": arguments.connections,
            "threads": arguments.threads,
            "workers": measured[0]["workers"],
        },
        "scales": measured,
    }
    results["targets"] = report.targets(measured)
    print(write_results(results))
    step(f"written to {RESULTS / 'latest.md'} and latest.json")


if __name__ == "__main__":
    main()
