"""How many clients wrk plays against the server: one at a time, or several at once.

One client (one connection, one request at a time) times a request alone: no request waits
for a free worker, so its latency is the work itself and the targets about cost compare it.
Several clients (wrk's threads × connections) add queueing and show throughput.
"""

from dataclasses import dataclass

from .endpoints import CACHED, COLD

SINGLE, CONCURRENT = "single", "concurrent"
LOAD_NAMES = (SINGLE, CONCURRENT)
# A cached answer is a Redis read: alone it would time loopback and wrk more than the site, and
# no target reads it; the cache's target is throughput, which only concurrent clients show.
LOADS_BY_MODE = {COLD: (SINGLE, CONCURRENT), CACHED: (CONCURRENT,)}


@dataclass(frozen=True)
class Load:
    name: str
    threads: int
    connections: int


def for_mode(mode, threads, connections):
    """The loads one mode is measured under, in order: one client first, on an idle server."""
    settings = {SINGLE: Load(SINGLE, 1, 1), CONCURRENT: Load(CONCURRENT, threads, connections)}
    return [settings[name] for name in LOADS_BY_MODE[mode]]
