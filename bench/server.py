"""The server under test (gunicorn, as production runs it) and the load generator (wrk)."""

import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
WRK_SCRIPT = Path(__file__).resolve().parent / "wrk" / "report.lua"
# Production's worker model, timeout and logging; the benchmark only chooses the address.
GUNICORN_CONFIG = BASE_DIR / "gunicorn.conf.py"
# Without a project config: one sync worker per core of the 2-core machine the targets are for.
FALLBACK_OPTIONS = ("--workers", "2", "--worker-class", "sync")
STARTUP_SECONDS = 60
# Longer than any server-side timeout: a slow answer is a result to report, not a lost request.
REQUEST_TIMEOUT_SECONDS = 60


def bench_environment(**overrides):
    """The environment every bench process runs in: bench settings, and whatever the caller adds."""
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", **overrides}


@dataclass(frozen=True)
class Server:
    url: str
    workers: int
    config: str


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def log_tail(log_path, characters=4000):
    return log_path.read_text(errors="replace")[-characters:]


def worker_count(process):
    """gunicorn's workers are its master's children (Linux lists them under /proc)."""
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    return len(children.read_text().split()) if children.exists() else 0


def answer_of(url):
    with urllib.request.urlopen(url, timeout=STARTUP_SECONDS) as response:
        return response.read()


def wait_until_serving(process, base_url):
    """Returns once gunicorn answers; RuntimeError if it exits or stays silent (callers add the
    server's log to the message)."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited at start")
        try:
            answer_of(f"{base_url}/robots.txt")
            return
        except OSError:  # not listening yet
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within {STARTUP_SECONDS} s")


def concurrently(count, call):
    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(lambda _: call(), range(count)))


def warm_workers(running, rounds=3):
    """Have every worker load the URLconf (and with it the GraphQL schema) before any timing.

    Each worker does that on its first request, which takes seconds; concurrent requests reach
    idle workers first, so a few rounds of one request per worker reach them all.
    """
    for _ in range(rounds):
        concurrently(max(running.workers, 1), lambda: answer_of(f"{running.url}/robots.txt"))


@contextmanager
def gunicorn(cache_seconds, log_path, **environment):
    """A gunicorn serving the bench settings, with the response cache kept `cache_seconds` and
    `environment` added to the bench environment (which database, for one)."""
    port = free_port()
    if GUNICORN_CONFIG.exists():
        options, config = ("--config", str(GUNICORN_CONFIG)), GUNICORN_CONFIG.name
    else:
        options, config = FALLBACK_OPTIONS, "bench defaults"
    command = [
        *(sys.executable, "-m", "gunicorn", "cms.wsgi:application", *options),
        *("--bind", f"127.0.0.1:{port}"),
    ]
    environment = bench_environment(RESPONSE_CACHE_SECONDS=str(cache_seconds), **environment)
    with log_path.open("w") as log:
        process = subprocess.Popen(
            command, cwd=BASE_DIR, env=environment, stdout=log, stderr=subprocess.STDOUT
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(process, base_url)
        running = Server(base_url, worker_count(process), config)
        warm_workers(running)
        yield running
    except RuntimeError as error:
        # The traceback of a failing request is in the server's log, which a run deletes.
        raise RuntimeError(f"{error}\n--- gunicorn log ---\n{log_tail(log_path)}") from None
    finally:
        stop(process)


def stop(process, seconds=30):
    """gunicorn's graceful stop, then a kill if its workers do not finish in time."""
    process.terminate()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class EndpointFailed(Exception):
    """The endpoint does not answer correctly; measuring it would time an error or a timeout."""


def fetch(base_url, endpoint):
    """One request as wrk sends it: (status, X-Cache header, body)."""
    request = urllib.request.Request(
        base_url + endpoint.path,
        data=endpoint.body.encode() if endpoint.body else None,
        method=endpoint.method,
        headers={"Content-Type": "application/json"} if endpoint.body else {},
    )
    try:
        with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT_SECONDS) as response:
            return response.status, response.headers.get("X-Cache", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("X-Cache", ""), error.read()
    except OSError as error:  # a timeout, or the worker killed by gunicorn's own timeout
        raise EndpointFailed(f"no answer within {REQUEST_TIMEOUT_SECONDS} s ({error})") from None


def excerpt(body):
    """What an error answer says, short enough for a table cell: an HTML page's title, else the
    start of the body."""
    text = body.decode("utf-8", "replace")
    title = re.search(r"<title>(.*?)</title>", text, re.DOTALL)
    return " ".join((title.group(1) if title else text[:200]).split())


def check_answers(base_url, endpoint):
    """Refuse to measure an endpoint that errs: wrk would time an error page just as well.

    Asked twice, so the second answer's X-Cache says whether the cache serves it (hit).
    """
    for _ in range(2):
        status, cache_status, body = fetch(base_url, endpoint)
        if status != 200 or (endpoint.path.startswith("/graphql/") and b'"errors"' in body):
            raise EndpointFailed(f"answered {status}: {excerpt(body)}")
    return cache_status or "-"


def settle(running, endpoint):
    """Return once the server has about worked off what an earlier wrk run left queued.

    gunicorn still serves the requests of connections wrk closed at the end of a run, in the
    order it accepted them; requests of our own, one per worker, are answered only after them.
    """
    concurrently(max(running.workers, 1), lambda: fetch(running.url, endpoint))


def wrk(base_url, endpoint, seconds, connections, threads):
    """wrk's figures for `seconds` of load: latency percentiles, request rate, errors."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8") as body_file:
        script_args = [endpoint.method]
        if endpoint.body:
            body_file.write(endpoint.body)
            body_file.flush()
            script_args.append(body_file.name)
        command = [
            *("wrk", f"--threads={threads}", f"--connections={connections}"),
            *(f"--duration={seconds}s", f"--timeout={REQUEST_TIMEOUT_SECONDS}s"),
            *("--script", str(WRK_SCRIPT), base_url + endpoint.path, "--", *script_args),
        ]
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    figures = json.loads(output.strip().splitlines()[-1])
    # Nothing completed (every request slower than the run): no latency to report, not 0 ms.
    completed = figures["requests"] > 0
    return {
        "p50_ms": figures["p50_us"] / 1000 if completed else None,
        "p99_ms": figures["p99_us"] / 1000 if completed else None,
        "rps": figures["requests"] / (figures["duration_us"] / 1_000_000),
        "requests": figures["requests"],
        "errors": sum(figures["errors"].values()),
    }
