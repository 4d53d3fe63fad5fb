"""`python -m bench.loadtest` (`make loadtest`): a bounded load test with a mixed workload.

gunicorn as production runs it (gunicorn.conf.py, the production settings, the response cache
in Redis) on a PostgreSQL database of the load test's own, holding the plan, the sample content
and bulk events (bench.generate, 1,000 sessions by default). wrk on loopback sends 50 clients'
requests for 60 seconds, each drawn from a weighted mix of website pages, GraphQL lists and
details, signage polls and feeds (bench/loadmix.py), while the server's memory is sampled every
second (bench/loadmemory.py). The run passes with no 5xx or 4xx answer, no socket error and
flat memory; the report is printed and written to bench/results/loadtest-latest.{md,json}, and
the exit status is 1 when a check fails.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

# The load test's own database and cache: never development's, nor the benchmark's (which
# `make bench` tops up to 100k sessions). bench.services reads these when the imports below
# first load it, so every bench helper and child process (migrate, generate, gunicorn) uses them.
os.environ["BENCH_DATABASE_URL"] = os.environ.get(
    "LOADTEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kamagaya_loadtest"
)
os.environ["BENCH_REDIS_URL"] = os.environ.get("LOADTEST_REDIS_URL", "redis://127.0.0.1:6379/3")

from . import loadmemory, loadmix, loadreport, run, server

WARMUP_SECONDS = 10
ALLOWED_MEMORY_GROWTH = 0.15
# Production's default (cms.settings.base): within it a popular request is a hit, a rarer a miss.
RESPONSE_CACHE_SECONDS = 60
# gunicorn replaces a worker whose request passes its 30 s timeout (gunicorn.conf.py), so a
# client waiting longer would learn nothing more; a request that slow counts as a socket error.
CLIENT_TIMEOUT_SECONDS = 30
MIXED_SCRIPT = Path(__file__).resolve().parent / "wrk" / "mixed.lua"
RESULT_NAME = "loadtest-latest"
# Kept after the run (access log and any traceback): a failed check is investigated from here.
GUNICORN_LOG = Path(tempfile.gettempdir()) / "kamagaya-loadtest-gunicorn.log"


def positive_int(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def parse_arguments(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m bench.loadtest", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--duration",
        type=positive_int,
        default=os.environ.get("LOADTEST_DURATION", "60"),
        help="seconds of load (default 60, env LOADTEST_DURATION)",
    )
    parser.add_argument(
        "--clients",
        type=positive_int,
        default=os.environ.get("LOADTEST_CLIENTS", "50"),
        help="concurrent connections, one wrk thread each (default 50, env LOADTEST_CLIENTS)",
    )
    parser.add_argument(
        "--sessions",
        type=positive_int,
        default=os.environ.get("LOADTEST_SESSIONS", "1000"),
        help="event sessions in the load database, topped up when fewer (default 1000)",
    )
    return parser.parse_args(argv)


def prepare_database(sessions):
    """Migrate, load the plan and the sample content, top the events up; all idempotent."""
    run.ensure_database()
    run.step("loading the plan and the sample content")
    run.manage("load_demo", "--verbosity", "0")
    run.generate(sessions)
    run.step("collecting static files")
    run.manage("collectstatic", "--noinput", "--verbosity", "0")


def collect_targets():
    """What the mix asks for (bench/loadtargets.py), with the data's scale and PostgreSQL's version."""
    run.step("listing public pages and filters, making the signage screens")
    return run.bench_module_json("bench.loadtargets")


def call_once(base_url, call):
    """(status, headers, body) of one request of the mix, made with urllib."""
    request = urllib.request.Request(
        base_url + call.path,
        data=call.body.encode() if call.body is not None else None,
        method=call.method,
        headers=dict(call.headers),
    )
    try:
        with urllib.request.urlopen(request, timeout=CLIENT_TIMEOUT_SECONDS) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def signage_content(base_url, screens):
    """What each screen shows before the load starts: the ETag it will poll with, and the
    content version its heartbeats report, as a kiosk that has been running a while does."""
    content = {}
    for screen in screens:
        status, headers, body = call_once(base_url, loadmix.signage_poll(screen, etag=None))
        if status != 200:
            sys.exit(f"The signage poll of screen {screen} answered {status}: {body[:300]!r}")
        version = json.loads(body)["data"]["signage"]["contentVersion"]
        content[screen] = (headers["ETag"], version)
    return content


def preflight(base_url, kinds):
    """Refuse to start when a kind of request fails: a minute of load would only time errors."""
    for kind in kinds:
        if not kind.calls:
            sys.exit(f"The load database has nothing for '{kind.name}'; generate data first.")
        call = kind.calls[0]
        status, _, body = call_once(base_url, call)
        if status >= 400:
            sys.exit(f"{kind.name}: {call.method} {call.path} answered {status}: {body[:300]!r}")


def drive(base_url, kinds, arguments, folder):
    """Run wrk with the mix; returns wrk's totals and when the load started (µs, monotonic)."""
    mix_path = Path(folder) / "mix.lua"
    mix_path.write_text(loadmix.lua_mix(kinds), encoding="utf-8")
    command = [
        *("wrk", f"--threads={arguments.clients}", f"--connections={arguments.clients}"),
        *(f"--duration={arguments.duration}s", f"--timeout={CLIENT_TIMEOUT_SECONDS}s"),
        *("--script", str(MIXED_SCRIPT), base_url, "--", str(mix_path), str(folder)),
    ]
    started_us = time.monotonic_ns() // 1000
    finished = subprocess.run(command, capture_output=True, text=True)
    if finished.returncode != 0 or finished.stderr:
        sys.exit(f"wrk failed ({finished.returncode}):\n{finished.stderr}{finished.stdout}")
    return loadreport.read_wrk_totals(finished.stdout), started_us


def load_test(arguments, targets):
    """The load itself, on a fresh gunicorn: (load figures, memory figures, workers)."""
    run.forget_cached_responses()
    # One load generator stands for every screen behind the civic centre's one address; the
    # per-screen counting (a screen lookup and a cache round trip per poll) stays measured.
    os.environ["SIGNAGE_RATE_LIMIT_PER_MINUTE"] = str(10**9)
    with server.gunicorn(RESPONSE_CACHE_SECONDS, GUNICORN_LOG) as running:
        screens = signage_content(running.url, targets["signage_screens"])
        kinds = loadmix.build(targets, screens)
        preflight(running.url, kinds)
        master = loadmemory.child_running(os.getpid(), "gunicorn")
        run.step(f"{arguments.clients} clients for {arguments.duration} s")
        with tempfile.TemporaryDirectory(prefix="kamagaya-loadtest-") as folder:
            with loadmemory.Sampler(master) as sampler:
                wrk_totals, started_us = drive(running.url, kinds, arguments, folder)
            answers = loadreport.read_answers(folder)
        load = loadreport.summarise(answers, wrk_totals, kinds, started_us)
        memory = loadmemory.summarise(sampler.samples, WARMUP_SECONDS, ALLOWED_MEMORY_GROWTH)
        return load, memory, f"{running.workers} sync workers, {running.config}"


def write_results(results):
    return run.write_results(results, name=RESULT_NAME, markdown=loadreport.markdown)


def main(argv=None):
    arguments = parse_arguments(argv)
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: `make loadtest` installs it (apt-get install wrk).")
    load_at_start = run.load_average()
    prepare_database(arguments.sessions)
    found = collect_targets()
    load, memory, workers = load_test(arguments, found["targets"])
    checks = loadreport.checks(load, memory)
    results = {
        "machine": run.machine(found["postgres"], load_at_start),
        "settings": {
            "clients": arguments.clients,
            "duration_seconds": arguments.duration,
            "timeout_seconds": CLIENT_TIMEOUT_SECONDS,
            "response_cache_seconds": RESPONSE_CACHE_SECONDS,
            "workers": workers,
        },
        "scale": found["scale"],
        "load": load,
        "memory": memory,
        "checks": checks,
        "passed": loadreport.passed(checks),
    }
    print(write_results(results))
    run.step(f"written to {run.RESULTS / RESULT_NAME}.md and .json; server log {GUNICORN_LOG}")
    sys.exit(0 if results["passed"] else 1)


if __name__ == "__main__":
    main()
