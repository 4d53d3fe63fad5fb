"""Per-minute request limits counted in Django's default cache.

With REDIS_URL set that cache is shared by every app process, so a limit holds for the whole
site rather than per gunicorn worker. Windows are fixed minutes of the clock: simple to explain
to a partner ("at most N per minute, the count starts again on the minute") and one cache key
per client per minute.
"""

import logging
import math
import time
from dataclasses import dataclass

from django.core.cache import cache

WINDOW_SECONDS = 60

logger = logging.getLogger(__name__)
_last_outage_warning_window = None


@dataclass(frozen=True)
class Allowance:
    """Where one client stands in the current window after counting this request."""

    limit: int
    count: int
    retry_after: int  # whole seconds until the window ends, at least 1

    @property
    def exceeded(self):
        return self.count > self.limit

    @property
    def remaining(self):
        return max(self.limit - self.count, 0)


def count_request(bucket, limit):
    """Count one request for `bucket` (a partner or a client address) in this minute's window.

    Returns None when the cache cannot be reached: the request is then served unlimited (fail
    open), because a Redis outage must not turn into errors for visitors and partners.
    """
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    key = f"access:requests:{bucket}:{window}"
    try:
        # add() is a no-op when the window already has a count; incr() is atomic in Redis.
        cache.add(key, 0, timeout=WINDOW_SECONDS)
        try:
            count = cache.incr(key)
        except ValueError:
            # Evicted between add() and incr(): this request starts the window again.
            cache.set(key, 1, timeout=WINDOW_SECONDS)
            count = 1
    # Each cache backend raises its own errors on an outage (redis.ConnectionError, socket
    # errors, timeouts); whichever it is, serving the request beats refusing it.
    except Exception:
        warn_about_outage(window)
        return None
    retry_after = max(1, math.ceil((window + 1) * WINDOW_SECONDS - now))
    return Allowance(limit=limit, count=count, retry_after=retry_after)


def warn_about_outage(window):
    """Log the outage once a minute per process, not once per request."""
    global _last_outage_warning_window
    if _last_outage_warning_window == window:
        return
    _last_outage_warning_window = window
    logger.warning("Rate limits are not enforced: the cache cannot be reached.", exc_info=True)
