"""GraphQL events list against the hand-written view, in-process, one request at a time.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/kamagaya_bench_1000 \
      DJANGO_SETTINGS_MODULE=bench.settings .venv/bin/python -m bench.compare [pairs]

The cold ratio of issue 16 (GraphQL within 1.5× of bench/baseline.py) without gunicorn or wrk:
on the bench database with the response cache off, the two requests alternate, so a busy moment
on the shared machine slows both alike. Prints each one's medians and the ratio of the medians.

The page faults show CPython 3.11 mapping and unmapping frame-stack chunks
(graphql_api/common/frame_stack.py): where that happens depends on the depth the view is called
at, which differs between Django's test client and gunicorn, so confirm a ratio under gunicorn
(`make bench`) before relying on it.
"""

import os
import resource
import statistics
import sys
import time

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
os.environ["RESPONSE_CACHE_SECONDS"] = "0"

import django

django.setup()

from django.test import Client  # noqa: E402

from . import endpoints  # noqa: E402
from .probe import request, targets  # noqa: E402

DEFAULT_PAIRS = 40
COMPARED = ("graphql-list", "baseline-list")


def page_faults():
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def timed(client, endpoint):
    """Wall-clock and CPU milliseconds and minor page faults of one request; the CPU time is this
    process's own work, which other users of the machine slow down less than the wall clock."""
    started, started_cpu, faults = time.perf_counter(), time.process_time(), page_faults()
    response = request(client, endpoint)
    assert response.status_code == 200, response.content[:300]
    return (
        (time.perf_counter() - started) * 1000,
        (time.process_time() - started_cpu) * 1000,
        page_faults() - faults,
    )


def main():
    pairs = int(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_PAIRS
    by_name = {each.name: each for each in endpoints.build(targets())}
    compared = [by_name[name] for name in COMPARED]
    client = Client()
    for endpoint in compared:
        request(client, endpoint)  # renditions and per-process caches, as a running server has them
    times = {endpoint.name: [] for endpoint in compared}
    for _ in range(pairs):
        for endpoint in compared:
            times[endpoint.name].append(timed(client, endpoint))
    wall, cpu, faults = (
        {name: statistics.median(each[column] for each in values) for name, values in times.items()}
        for column in range(3)
    )
    for name in times:
        print(
            f"{name:15} median {wall[name]:6.1f} ms wall, {cpu[name]:6.1f} ms CPU,"
            f" {faults[name]:5.0f} page faults"
        )
    graphql, baseline = COMPARED
    print(
        f"ratio {wall[graphql] / wall[baseline]:.2f}× wall, {cpu[graphql] / cpu[baseline]:.2f}× CPU"
        f" ({pairs} pairs, load average {os.getloadavg()[0]:.2f})"
    )


if __name__ == "__main__":
    main()
