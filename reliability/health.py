"""/healthz and /readyz for the city's monitoring (English JSON, never cached).

/healthz says the process is alive and serving, and asks nothing else: a failing database must
not get healthy app processes restarted. /readyz says whether this process can serve content:
the database answers a query and the shared cache a write and a read, each within a short
timeout (reliability/outage.py, the cache's socket timeouts).
"""

import secrets

from django.core.cache import cache
from django.db import Error as DatabaseError
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

# Each probe writes its own short-lived key, so two monitors probing at once cannot read each
# other's value.
PROBE_KEY_PREFIX = "readyz:"
PROBE_KEY_SECONDS = 10


@never_cache
@require_safe
def healthz(request):
    return JsonResponse({"status": "ok"})


def database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def cache_answers():
    """A write and a read on the cache itself: the fail-safe backend would otherwise report an
    unreachable Redis as a plain miss (caching/backends.py)."""
    token = secrets.token_hex(8)
    key = PROBE_KEY_PREFIX + token
    write = getattr(cache, "set_despite_outage", cache.set)
    read = getattr(cache, "get_despite_outage", cache.get)
    try:
        write(key, token, timeout=PROBE_KEY_SECONDS)
        return read(key) == token
    # Each backend raises its own errors (redis.ConnectionError, timeouts, socket errors).
    except Exception:
        return False


@never_cache
@require_safe
def readyz(request):
    checks = {
        "database": "ok" if database_answers() else "unavailable",
        "cache": "ok" if cache_answers() else "unavailable",
    }
    ready = all(result == "ok" for result in checks.values())
    return JsonResponse(
        {"status": "ready" if ready else "unavailable", "checks": checks},
        status=200 if ready else 503,
    )
