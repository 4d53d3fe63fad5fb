"""Redis goes away under the production server: pages, the API and feeds are served uncached and
fast, rate limits fail open, /readyz names the cache, and the cache comes back by itself.

gunicorn (production settings, two workers) reaches Redis through a proxy the tests cut, either
refusing connections or accepting them and never answering. The in-process behaviour of the
fail-safe backend and the rate limiter is in tests/caching/test_response_cache.py and
tests/partners/test_access.py; the measured timings are printed.
"""

import datetime as dt
import json
import time

import pytest
import redis
from django.db import connection
from django.utils import timezone

from caching.backends import RETRY_AFTER_SECONDS
from home.loading.site import ensure_site_tree, section
from home.models import ContactSettings, EventIndexPage
from tests.app_servers import app_server, timed
from tests.factories import event_with_sessions
from tests.tcp_proxy import TcpProxy

pytestmark = [
    # serialized_rollback: an earlier transactional test (a browser test) leaves an empty database.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="an app server reads what the test wrote: needs PostgreSQL, which `make test` "
        "uses whenever one answers on 127.0.0.1:5432",
    ),
]

REDIS_PORT = 6379
# One Redis database per pytest-xdist worker (12, 11, ...), emptied before each test: rate-limit
# counts are per client address, and every request here comes from 127.0.0.1.
FIRST_REDIS_DATABASE = 12
LIMIT_PER_MINUTE = 3
# Each request may meet one socket timeout of the cache (0.5 s) before the backend stops trying.
FAST_SECONDS = 1.0
RECOVERY_LIMIT_SECONDS = RETRY_AFTER_SECONDS + 5
EVENT_QUERY = "query %s($slug: String!) { event(slug: $slug) { title } }"
EVENT_DATA = {"data": {"event": {"title": "清掃活動"}}}
CACHE_UNAVAILABLE = {"status": "unavailable", "checks": {"database": "ok", "cache": "unavailable"}}


@pytest.fixture
def cleanup_event():
    ensure_site_tree()
    # Settings are created on first use; made here, the server never writes them.
    ContactSettings.load()
    soon = timezone.now() + dt.timedelta(days=3)
    return event_with_sessions(
        section(EventIndexPage),
        (soon, soon + dt.timedelta(hours=2)),
        title="清掃活動",
        slug="seisou",
    )


@pytest.fixture(scope="module")
def redis_database(worker_id):
    return FIRST_REDIS_DATABASE - (int(worker_id[2:]) if worker_id.startswith("gw") else 0)


@pytest.fixture
def empty_redis(redis_database):
    redis.Redis(port=REDIS_PORT, db=redis_database).flushdb()


@pytest.fixture(scope="module")
def proxy():
    with TcpProxy(REDIS_PORT) as proxy:
        yield proxy


@pytest.fixture(scope="module")
def server(proxy, redis_database, django_db_setup):
    with app_server(
        f"redis://127.0.0.1:{proxy.port}/{redis_database}",
        workers=2,
        ANONYMOUS_RATE_LIMIT_PER_MINUTE=str(LIMIT_PER_MINUTE),
    ) as url:
        yield url


def api_get(server, operation):
    return timed(
        "GET",
        f"{server}/graphql/",
        params={"query": EVENT_QUERY % operation, "variables": json.dumps({"slug": "seisou"})},
    )


def a_fresh_minute():
    """Wait, if need be, until the rate limit's minute has time left for the test's requests."""
    left = 60 - time.time() % 60
    if left < 5:
        time.sleep(left + 0.1)


def seconds_until_cached(server, path, since):
    while time.monotonic() - since < RECOVERY_LIMIT_SECONDS:
        if "X-Cache" in timed("GET", server + path)[0].headers:
            return time.monotonic() - since
        time.sleep(0.2)
    raise AssertionError(f"{path} was not cached again within {RECOVERY_LIMIT_SECONDS} s")


@pytest.mark.parametrize("mode", ["refuse", "blackhole"])
def test_the_production_server_through_a_redis_outage(
    server, proxy, empty_redis, cleanup_event, mode, capsys
):
    page_path, operation = f"/events/seisou/?t={mode}", f"Cleanup{mode.title()}"
    a_fresh_minute()
    warm_page = [timed("GET", server + page_path)[0] for _ in range(2)]
    warm_api = [api_get(server, operation)[0] for _ in range(2)]
    # The third request of the minute is the last one allowed.
    over_limit = [timed("GET", f"{server}/feeds/events.json")[0] for _ in range(2)]

    proxy.cut(mode)
    try:
        answers = [
            timed("GET", server + page_path),
            *[api_get(server, operation) for _ in range(LIMIT_PER_MINUTE + 2)],
            timed("GET", f"{server}/feeds/events.json"),
        ]
        ready, ready_seconds = timed("GET", f"{server}/readyz")
    finally:
        proxy.restore()
    restored_at = time.monotonic()
    cached_again = seconds_until_cached(server, page_path, since=restored_at)
    ready_after, _ = timed("GET", f"{server}/readyz")
    # By then every worker has tried Redis again (caching/backends.py).
    time.sleep(max(0, restored_at + RETRY_AFTER_SECONDS - time.monotonic()))
    after_pages = [timed("GET", server + page_path)[0] for _ in range(4)]
    after_feed, _ = timed("GET", f"{server}/feeds/events.json")

    seconds = sorted(duration for _, duration in answers)
    with capsys.disabled():
        print(
            f"\n[redis outage: {mode}] {len(answers)} requests served uncached, slowest "
            f"{seconds[-1]:.2f} s, median {seconds[len(seconds) // 2]:.3f} s; /readyz 503 after "
            f"{ready_seconds:.2f} s; cached again {cached_again:.2f} s after Redis returned"
        )
    assert [r.headers["X-Cache"] for r in warm_page + warm_api] == ["miss", "hit"] * 2
    assert [r.status_code for r in over_limit] == [200, 429]
    assert [response.status_code for response, _ in answers] == [200] * len(answers)
    assert not any("X-Cache" in response.headers for response, _ in answers)
    assert not any("X-RateLimit-Limit" in response.headers for response, _ in answers)
    assert answers[0][0].content == warm_page[0].content
    assert [response.json() for response, _ in answers[1:-1]] == [EVENT_DATA] * 5
    assert answers[-1][0].json()["items"][0]["title"] == "清掃活動"
    assert seconds[-1] < FAST_SECONDS
    assert (ready.status_code, ready.json()) == (503, CACHE_UNAVAILABLE)
    assert ready_after.status_code == 200
    assert [response.headers.get("X-Cache") for response in after_pages] == ["hit"] * 4
    # Counted again: over the limit, or a new minute's first request.
    assert after_feed.headers["X-RateLimit-Limit"] == str(LIMIT_PER_MINUTE)
