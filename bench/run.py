"""`python -m bench.run`: the benchmark (issue 6), from data generation to the judged targets.

For each scale: create and migrate that scale's database when needed and top it up to that many
event sessions (bench.generate), count SQL per request in-process (bench.probe), start gunicorn
without and with the response cache and measure each endpoint with wrk, without the cache both
by one client and by several at once. Prints the Markdown report and writes it, with the raw
figures, to bench/results/latest.{md,json}.
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
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import gunicorn as gunicorn_package
import psycopg
import redis
from psycopg import sql

from . import endpoints, loads, report, server, services

# For the progress lines: how long each phase of a run takes.
STARTED = time.monotonic()

RESULTS = Path(__file__).resolve().parent / "results"
CACHE_SECONDS = {endpoints.COLD: 0, endpoints.CACHED: 60}
NOT_MEASURED = {"p50_ms": None, "p99_ms": None, "rps": None, "requests": 0, "errors": None}
# bench/data.py's growth models; named here because this driver runs without Django.
GROWTH_MODELS = ("dense", "history")
# What a run measures unless told otherwise: the command line first, then the environment,
# then the preset (--quick or the full run).
FULL = {"scales": "1000,10000,100000", "duration": 10, "warmup": 2}
# The smallest and largest scale, which the growth targets compare, in short runs; every
# endpoint, since each is in a target (the baselines in the ratios to GraphQL).
QUICK = {"scales": "1000,100000", "duration": 3, "warmup": 1}
ENVIRONMENT = {"scales": "BENCH_SCALES", "duration": "BENCH_DURATION", "warmup": "BENCH_WARMUP"}


def parse_arguments(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"scales {QUICK['scales']}, {QUICK['duration']} s per run after "
        f"{QUICK['warmup']} s of warm-up (`make bench-quick`)",
    )
    parser.add_argument(
        "--scales",
        help=f"event sessions per scale, comma-separated (default {FULL['scales']}, "
        "env BENCH_SCALES)",
    )
    parser.add_argument(
        "--duration",
        type=int,
        help=f"seconds measured per endpoint, mode and load (default {FULL['duration']}, "
        "env BENCH_DURATION)",
    )
    parser.add_argument(
        "--warmup",
        type=int,
        help=f"seconds of unmeasured load before each endpoint's measurements "
        f"(default {FULL['warmup']}, env BENCH_WARMUP)",
    )
    parser.add_argument(
        "--connections", type=int, default=8, help="connections of the concurrent load (default 8)"
    )
    parser.add_argument(
        "--threads", type=int, default=2, help="wrk threads of the concurrent load (default 2)"
    )
    parser.add_argument(
        "--endpoints",
        default=",".join(endpoints.ENDPOINT_NAMES),
        help="comma-separated subset of: " + ", ".join(endpoints.ENDPOINT_NAMES),
    )
    parser.add_argument(
        "--modes", default=",".join(endpoints.MODES), help="cold, cached or both (default)"
    )
    parser.add_argument(
        "--growth",
        choices=GROWTH_MODELS,
        default=os.environ.get("BENCH_GROWTH", "dense"),
        help="how the data grows from scale to scale: dense (default; every session in the next "
        "12 months) or history (the same coming year, each further 1,000 sessions one year "
        "further back); each model has databases of its own (env BENCH_GROWTH)",
    )
    parser.add_argument(
        "--skip-generate",
        action="store_true",
        help="measure the database BENCH_DATABASE_URL names as it is (one scale, whatever it "
        "holds) instead of each scale's own",
    )
    arguments = parser.parse_args(argv)
    preset = QUICK if arguments.quick else FULL
    for name, default in preset.items():
        if getattr(arguments, name) is None:
            setattr(arguments, name, os.environ.get(ENVIRONMENT[name], default))
    arguments.scales = [int(scale) for scale in str(arguments.scales).split(",")]
    arguments.duration, arguments.warmup = int(arguments.duration), int(arguments.warmup)
    arguments.endpoints = arguments.endpoints.split(",")
    arguments.modes = arguments.modes.split(",")
    unknown = set(arguments.endpoints) - set(endpoints.ENDPOINT_NAMES)
    unknown |= set(arguments.modes) - set(endpoints.MODES)
    if unknown:
        parser.error("unknown endpoints or modes: " + ", ".join(sorted(unknown)))
    # wrk refuses a run of 0 s, and the warm-up is what has every worker render once.
    if arguments.duration < 1 or arguments.warmup < 1:
        parser.error("--duration and --warmup are whole seconds, at least 1")
    return arguments


def step(message):
    """A progress line with the time since the run started: where the minutes go."""
    minutes, seconds = divmod(int(time.monotonic() - STARTED), 60)
    print(f"[bench {minutes}:{seconds:02d}] {message}", file=sys.stderr, flush=True)


def scale_database_url(base_url, sessions, growth="dense"):
    """The database of one scale: BENCH_DATABASE_URL's name with the scale appended (and the
    growth model, unless dense).

    Data is only ever added (bench.generate tops up), so one database grown to 100k sessions
    could not measure 1k again on the next run; each scale keeps its own between runs.
    """
    parts = urlsplit(base_url)
    model = "" if growth == "dense" else f"_{growth}"
    return urlunsplit(parts._replace(path=f"{parts.path}{model}_{sessions}"))


def database_environment(database_url):
    return server.bench_environment(BENCH_DATABASE_URL=database_url or services.DATABASE_URL)


def manage(*command, database_url=None):
    subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=server.BASE_DIR,
        env=database_environment(database_url),
        check=True,
    )


def ensure_database(database_url=None):
    """Create the bench database when it does not exist yet, then bring its schema up to date."""
    info = psycopg.conninfo.conninfo_to_dict(database_url or services.DATABASE_URL)
    name = info.pop("dbname")
    with psycopg.connect(**info, dbname="postgres", autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            step(f"creating database {name}")
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    step(f"migrating database {name}")
    manage("migrate", "--no-input", "--verbosity", "0", database_url=database_url)


def generate(sessions, growth, database_url=None):
    if importlib.util.find_spec("bench.generate") is None:
        sys.exit(
            "bench/generate.py does not exist yet, so scales cannot be generated. Fill the bench "
            "database yourself (DJANGO_SETTINGS_MODULE=bench.settings manage.py load_plan, then "
            "load_demo) and run with --skip-generate."
        )
    step(f"generating data up to {sessions:,} sessions ({growth} growth)")
    subprocess.run(
        [sys.executable, "-m", "bench.generate", "--sessions", str(sessions), "--growth", growth],
        cwd=server.BASE_DIR,
        env=database_environment(database_url),
        check=True,
    )


def collect_static_files():
    """collectstatic, started in the background: compressing every file takes 20 s or so, which
    it spends while the first scale's data is made ready."""
    step("collecting static files (in the background)")
    return subprocess.Popen(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=server.BASE_DIR,
        env=database_environment(None),
    )


def bench_module_json(module, database_url=None):
    """What a bench module run against the bench database prints, as JSON: it runs in a process
    of its own because it needs Django set up on the bench settings, which this driver is not."""
    output = subprocess.run(
        [sys.executable, "-m", module],
        cwd=server.BASE_DIR,
        env=database_environment(database_url),
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return json.loads(output.stdout)


def probe(database_url):
    step("counting SQL per request")
    return bench_module_json("bench.probe", database_url)


def forget_cached_responses():
    """Each server starts from an empty cache: entries from another scale must not answer."""
    redis.Redis.from_url(services.REDIS_URL).flushdb()


def measure_endpoint(running, endpoint, mode_loads, warmup, duration):
    """wrk's figures for one endpoint under each load, by load name.

    One warm-up under the busiest load has every worker serve the endpoint once (renditions,
    per-process caches); its queued requests are worked off, so one client starts on an idle
    server. The next endpoint's warm-up and settling absorb what the last load leaves queued.
    """
    busiest = max(mode_loads, key=lambda load: load.connections)
    server.wrk(running.url, endpoint, warmup, busiest.connections, busiest.threads)
    server.settle(running, endpoint)
    return {
        load.name: server.wrk(running.url, endpoint, duration, load.connections, load.threads)
        for load in mode_loads
    }


def endpoint_loads(endpoint, mode_loads, quick):
    if quick and endpoint.name in endpoints.QUICK_ONE_CLIENT_AT_SMALLEST_SCALE:
        return [load for load in mode_loads if load.name == loads.SINGLE]
    return mode_loads


def measure_mode(mode, selected, probed, arguments, log_dir, database_url=None):
    """Every selected endpoint of one mode on a fresh server, under each of the mode's loads;
    returns (runs, server description)."""
    runs = []
    all_loads = loads.for_mode(mode, arguments.threads, arguments.connections)
    forget_cached_responses()
    log_path = log_dir / f"gunicorn-{mode}.log"
    database = {"BENCH_DATABASE_URL": database_url or services.DATABASE_URL}
    with server.gunicorn(CACHE_SECONDS[mode], log_path, **database) as running:
        for endpoint in (endpoint for endpoint in selected if mode in endpoint.modes):
            step(f"{mode}: {endpoint.label}")
            counted = probed["endpoints"][endpoint.name]
            described = {
                "endpoint": endpoint.name,
                "label": endpoint.label,
                "mode": mode,
                "sql": counted["sql"],
                "bytes": counted["bytes"],
                "in_process_ms": counted["in_process_ms"],
            }
            mode_loads = endpoint_loads(endpoint, all_loads, arguments.quick)
            try:
                described["x_cache"] = server.check_answers(running.url, endpoint)
                by_load = measure_endpoint(
                    running, endpoint, mode_loads, arguments.warmup, arguments.duration
                )
            except server.EndpointFailed as failure:
                # One endpoint that fails at a scale (a feed too big to build in time) is a
                # result in itself; the others are still measured.
                step(f"{endpoint.label} not measured: {failure}\n{server.log_tail(log_path)}")
                failed = {**NOT_MEASURED, "failure": str(failure)}
                by_load = {load.name: failed for load in mode_loads}
            runs += [
                {
                    **described,
                    "load": load.name,
                    "threads": load.threads,
                    "connections": load.connections,
                    **by_load[load.name],
                }
                for load in mode_loads
            ]
    return runs, f"{running.workers} sync workers, {running.config}"


def selected_endpoints(targets, sessions, arguments):
    """The endpoints to measure at this scale, built for the `targets` the probe found."""
    names = set(arguments.endpoints)
    if arguments.quick and sessions != min(arguments.scales):
        names -= set(endpoints.QUICK_ONE_CLIENT_AT_SMALLEST_SCALE)
    return [endpoint for endpoint in endpoints.build(targets) if endpoint.name in names]


def measure_scale(sessions, arguments, log_dir, static_files):
    """One scale's figures; `static_files` is the collectstatic under way, awaited before the
    first server starts."""
    database_url = None
    if not arguments.skip_generate:
        database_url = scale_database_url(services.DATABASE_URL, sessions, arguments.growth)
        ensure_database(database_url)
        generate(sessions, arguments.growth, database_url)
    probed = probe(database_url)
    selected = selected_endpoints(probed["targets"], sessions, arguments)
    if static_files.wait() != 0:
        sys.exit("collectstatic failed (its output is above)")
    runs, workers = [], ""
    for mode in arguments.modes:
        mode_runs, workers = measure_mode(mode, selected, probed, arguments, log_dir, database_url)
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
    # The reports this driver writes (bench/results/) are not changes to what was measured.
    changes = ("status", "--porcelain", "--", ".", ":!bench/results")
    if command_output("git", "-C", str(server.BASE_DIR), *changes):
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
    scales = arguments.scales
    if arguments.skip_generate:
        scales = scales[:1]
        ensure_database()
    static_files = collect_static_files()
    load_at_start = load_average()
    with tempfile.TemporaryDirectory(prefix="kamagaya-bench-") as log_dir:
        measured = [
            measure_scale(sessions, arguments, Path(log_dir), static_files) for sessions in scales
        ]
    results = {
        "machine": machine(measured[0]["postgres"], load_at_start),
        "load": {
            "quick": arguments.quick,
            "growth": arguments.growth,
            "duration": arguments.duration,
            "warmup": arguments.warmup,
            "connections": arguments.connections,
            "threads": arguments.threads,
            "workers": measured[0]["workers"],
        },
        "scales": measured,
    }
    results["targets"] = report.targets(measured)
    results["sql_per_request"] = report.sql_per_request(measured)
    # Each growth model keeps its last report: the dense one as latest.md, others beside it.
    name = "latest" if arguments.growth == "dense" else f"latest-{arguments.growth}"
    print(write_results(results, name))
    step(f"written to {RESULTS / name}.md and {name}.json")


if __name__ == "__main__":
    main()
