"""The server's memory under load: the RSS of gunicorn's master and its workers, once a second.

Linux only (/proc). Workers are the master's children, read afresh at every sample: gunicorn
replaces a worker after `max_requests` (gunicorn.conf.py), and the replacement starts small
from the master's preloaded image, so a sum over the workers of the moment stays the server's
real footprint while a per-worker series would break off. Each worker's VmRSS also counts the
pages it still shares with the master (preload_app), so the sum is an upper bound: it grows as
workers write to shared pages, and that growth, too, must level off after the warm-up.
"""

import threading
import time
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")


@dataclass(frozen=True)
class Sample:
    seconds: float  # since sampling started
    total_kb: int  # the master's and every worker's VmRSS
    workers: tuple  # worker process ids


def rss_kb(pid):
    """A process's resident set size in kB, or None once it has exited."""
    try:
        status = (PROC / str(pid) / "status").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return None  # a zombie: exited, not yet reaped, no memory of its own


def children(pid):
    """Process ids of a process's children (Linux lists them per thread)."""
    found = []
    for task in sorted((PROC / str(pid) / "task").glob("*")):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except FileNotFoundError:
            continue  # the thread ended while we listed them
    return found


def command_line(pid):
    try:
        return (PROC / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode()
    except FileNotFoundError:
        return ""


def child_running(parent, name):
    """The id of the parent's child process whose command line contains `name`."""
    for pid in children(parent):
        if name in command_line(pid):
            return pid
    raise LookupError(f"no child process of {parent} runs {name}")


def sample(master, seconds):
    workers = tuple(children(master))
    sizes = [rss_kb(pid) for pid in (master, *workers)]
    return Sample(seconds, sum(size for size in sizes if size), workers)


class Sampler:
    """Samples the master's process tree every `interval` seconds while the `with` block runs."""

    def __init__(self, master, interval=1.0):
        self.master, self.interval = master, interval
        self.samples = []
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def _run(self):
        started = time.monotonic()
        while True:
            self.samples.append(sample(self.master, time.monotonic() - started))
            if self._stopped.wait(self.interval):
                return

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exception):
        self._stopped.set()
        self._thread.join()


def megabytes(kb):
    return round(kb / 1024, 1)


def summarise(samples, warmup_seconds, allowed_growth):
    """Start, warm, max and end of the total RSS, the workers replaced, and whether it was flat.

    "Flat": the total at the end is at most `allowed_growth` (0.15: +15 %) above its level at
    the end of the warm-up, when the workers have loaded the code and filled their caches. A run
    no longer than the warm-up has no such level: `flat` is then None, not judged.
    """
    warm = next((s for s in samples if s.seconds >= warmup_seconds), None)
    end = samples[-1]
    growth = end.total_kb / warm.total_kb - 1 if warm else None
    seen = {pid for s in samples for pid in s.workers}
    return {
        "start_mb": megabytes(samples[0].total_kb),
        "warm_mb": megabytes(warm.total_kb) if warm else None,
        "max_mb": megabytes(max(s.total_kb for s in samples)),
        "end_mb": megabytes(end.total_kb),
        "growth_after_warmup": round(growth, 3) if warm else None,
        "allowed_growth": allowed_growth,
        "warmup_seconds": warmup_seconds,
        "flat": growth <= allowed_growth if warm else None,
        "workers": len(end.workers),
        # A worker gone from the last sample was recycled (max_requests) or died.
        "workers_replaced": len(seen - set(end.workers)),
        "timeline_mb": [[round(s.seconds), megabytes(s.total_kb)] for s in samples],
    }
