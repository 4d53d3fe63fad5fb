"""The database goes away: requests that need it get a 503 within 2 seconds, cached responses are
still served, and everything recovers by itself when it comes back (reliability/, caching/).

The production server (gunicorn, production settings, two workers, Redis) talks to the test
database through a proxy the tests cut three ways: connections refused, connections accepted and
never answered (blackhole), and open connections that stop forwarding mid-conversation (freeze).
The measured timings are printed. The tests before them run in this process, with a view that
meets the database's error, for what needs no real outage.
"""

import datetime as dt
import json
import logging
import time
import uuid

import pytest
import requests
from django.core.cache import cache
from django.db import OperationalError, connection
from django.test import RequestFactory
from django.utils import timezone

from caching.store import StoredResponse
from home.loading.site import ensure_site_tree, section
from home.models import ContactSettings, EventIndexPage
from reliability import outage
from signage.models import SignageScreen
from tests.app_servers import app_server, database_url, timed
from tests.factories import event_with_sessions
from tests.tcp_proxy import TcpProxy

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the outage is cut between an app server and PostgreSQL, and the time limits are "
    "PostgreSQL's backend (reliability.postgresql): needs PostgreSQL, which `make test` uses "
    "whenever one answers on 127.0.0.1:5432",
)

REDIS_URL = "redis://127.0.0.1:6379/13"
BUDGET_SECONDS = 2.0
RECOVERY_LIMIT_SECONDS = 10.0
EVENT_QUERY = "query %s($slug: String!) { event(slug: $slug) { title } }"
API_OUTAGE = {
    "errors": [
        {
            "message": "The service is temporarily unavailable (database). Please retry shortly.",
            "extensions": {"code": "SERVICE_UNAVAILABLE"},
        }
    ]
}
PAGE_HEADING = "<h1>ただいま一時的にご利用いただけません</h1>"
SCREEN = {"X-Signage-Screen": "lobby"}


@pytest.fixture
def bousai():
    ensure_site_tree()
    # Settings are created on first use; made here, the servers never write them.
    ContactSettings.load()
    SignageScreen.objects.create(name="1階ロビー", slug="lobby")
    soon = timezone.now() + dt.timedelta(days=3)
    return event_with_sessions(
        section(EventIndexPage),
        (soon, soon + dt.timedelta(hours=2)),
        title="防災講座",
        slug="bousai",
    )


# In this process, for what needs no real outage: a view that meets the database's error.


@pytest.fixture
def failing_search(monkeypatch):
    """The search view's query fails as it does when the database cannot be reached."""

    def fail(query):
        raise OperationalError("connection failed: Connection refused")

    def start_failing(error=fail):
        monkeypatch.setattr("home.views.search_page_ids", error)

    return start_failing


@pytest.fixture
def shared_cache(settings):
    settings.RESPONSE_CACHE_SECONDS = 60
    settings.RESPONSE_CACHE_STALE_IF_ERROR_SECONDS = 300
    cache.clear()


def test_a_database_error_in_a_view_gets_the_japanese_503_page(client, home_page, failing_search):
    failing_search()

    response = client.get("/search/?q=防災")

    assert response.status_code == 503
    assert (response["Retry-After"], response["Cache-Control"]) == ("5", "no-store")
    assert response["Content-Type"] == "text/html; charset=utf-8"
    body = response.content.decode()
    assert PAGE_HEADING in body
    assert "数分おいてから、もう一度お試しください。" in body
    assert "Error" not in body and "connection" not in body.lower()


def test_a_request_the_database_failed_is_logged_in_one_line(
    client, home_page, failing_search, caplog
):
    failing_search()
    with caplog.at_level(logging.INFO):
        client.get("/search/?q=防災")

    # Not Django's "Service Unavailable: /search/" at ERROR as well, nor a traceback.
    assert [(r.name, r.levelname, r.getMessage(), r.exc_info) for r in caplog.records] == [
        (
            "reliability.middleware",
            "WARNING",
            "503 for GET /search/: the database is unavailable "
            "(OperationalError: connection failed: Connection refused)",
            None,
        )
    ]


def test_other_server_errors_are_still_500(client, home_page, failing_search):
    def fail(query):
        raise RuntimeError("not the database")

    failing_search(fail)
    client.raise_request_exception = False

    response = client.get("/search/?q=防災")

    assert response.status_code == 500
    assert "Retry-After" not in response


def test_an_expired_entry_is_served_stale_only_while_the_database_fails(
    client, home_page, shared_cache, failing_search, monkeypatch
):
    first = client.get("/search/?q=防災")
    # Past its 60 seconds; the cache keeps it 300 more (caching/store.py).
    monkeypatch.setattr(StoredResponse, "is_fresh", lambda stored, seconds: False)
    fresh = client.get("/search/?q=防災")
    failing_search()
    during = client.get("/search/?q=防災")

    assert (first["X-Cache"], fresh["X-Cache"]) == ("miss", "miss")
    assert (during.status_code, during["X-Cache"], during["Cache-Control"]) == (
        200,
        "stale",
        "no-store",
    )
    assert during.content == first.content


def test_without_a_kept_copy_a_failing_page_gets_the_503(
    client, home_page, shared_cache, failing_search
):
    failing_search()

    response = client.get("/search/?q=防災")

    assert (response.status_code, response.has_header("X-Cache")) == (503, False)


def test_an_outage_is_logged_once_when_it_begins_and_once_when_it_ends(monkeypatch, caplog):
    monkeypatch.setattr(outage._Outage, "retry_at", 0.0)
    monkeypatch.setattr(outage._Outage, "began_at", None)
    refused = OperationalError('connection failed: connection to server at "db" failed\nHINT: …')
    with caplog.at_level(logging.INFO, logger="reliability"):
        outage.begin(refused)
        outage.begin(refused)
        outage.ended()
        outage.ended()

    assert [(r.levelname, r.getMessage()) for r in caplog.records] == [
        (
            "ERROR",
            "The database cannot be reached; answering 503: "
            'OperationalError: connection failed: connection to server at "db" failed',
        ),
        ("WARNING", "The database answers again, after 0.0 s."),
    ]


@pytest.mark.parametrize(
    ("method", "path", "seconds"),
    [
        ("POST", "/admin/pages/3/edit/", 15.0),
        ("GET", "/admin/pages/3/edit/", 1.5),
        ("POST", "/graphql/", 1.5),
        ("GET", "/events/", 1.5),
    ],
)
def test_only_an_editors_save_waits_longer_for_an_answer(method, path, seconds):
    request = RequestFactory().generic(method, path)

    assert outage.answer_budget(request) == seconds


# The production server behind a proxy that the tests cut.


@pytest.fixture(scope="module")
def proxy():
    database = connection.settings_dict
    with TcpProxy(int(database["PORT"] or 5432), database["HOST"] or "127.0.0.1") as proxy:
        yield proxy


@pytest.fixture(scope="module")
def server_log(tmp_path_factory):
    with open(tmp_path_factory.mktemp("gunicorn") / "server.log", "w+b") as log:
        yield log


@pytest.fixture(scope="module")
def server(proxy, server_log, django_db_setup):
    through_proxy = database_url(
        {**connection.settings_dict, "HOST": "127.0.0.1", "PORT": proxy.port}
    )
    with app_server(
        REDIS_URL,
        workers=2,
        log=server_log,
        DATABASE_URL=through_proxy,
        # Entries of this server only, whatever else uses this Redis database meanwhile.
        RELEASE=uuid.uuid4().hex,
        ANONYMOUS_RATE_LIMIT_PER_MINUTE="100000",
    ) as url:
        yield url


def api_get(server, operation, **options):
    return timed(
        "GET",
        f"{server}/graphql/",
        params={"query": EVENT_QUERY % operation, "variables": json.dumps({"slug": "bousai"})},
        **options,
    )


def seconds_until_ready(server, since):
    """Seconds from `since` until /readyz answers 200 again, polled every 0.1 s."""
    while time.monotonic() - since < RECOVERY_LIMIT_SECONDS:
        if requests.get(f"{server}/readyz", timeout=10).status_code == 200:
            return time.monotonic() - since
        time.sleep(0.1)
    raise AssertionError(f"/readyz did not answer 200 within {RECOVERY_LIMIT_SECONDS} s")


def cut(proxy, mode):
    if mode == "freeze":
        proxy.freeze()
    else:
        proxy.cut(mode)


@needs_postgresql
# serialized_rollback: an earlier transactional test (a browser test) leaves an empty database.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("mode", ["refuse", "blackhole", "freeze"])
def test_the_production_server_through_a_database_outage(
    server, proxy, server_log, bousai, mode, capsys
):
    # Paths and operations of this mode only, so each test warms and misses its own entries.
    cached_page, uncached_page = f"/events/bousai/?t={mode}", f"/events/?t={mode}"
    cached_api, uncached_api = f"Cached{mode.title()}", f"Uncached{mode.title()}"
    # A registered screen's poll is told apart by its header, before any database lookup.
    screen_poll = {"url": f"{server}/feeds/events.json?t=screen-{mode}", "headers": SCREEN}
    for _ in range(2):
        warm_page, _ = timed("GET", server + cached_page)
        warm_api, _ = api_get(server, cached_api)
        warm_screen, _ = timed("GET", **screen_poll)
    assert [r.headers["X-Cache"] for r in (warm_page, warm_api, warm_screen)] == ["hit"] * 3
    log_before = server_log.seek(0, 2)

    cut(proxy, mode)
    try:
        page, page_seconds = timed("GET", server + uncached_page)
        api, api_seconds = api_get(server, uncached_api)
        feed, feed_seconds = timed("GET", f"{server}/feeds/events.json?t={mode}")
        # An editor's session is looked up before the admin's view runs.
        admin, admin_seconds = timed(
            "GET", f"{server}/admin/", cookies={"sessionid": f"an-editors-session-{mode}"}
        )
        # The partner middleware looks a signage screen up before the API's cache.
        screen, screen_seconds = timed(
            "GET", f"{server}/feeds/events.json?t={mode}", headers={"X-Signage-Screen": "lobby"}
        )
        ready, ready_seconds = timed("GET", f"{server}/readyz")
        healthy, _ = timed("GET", f"{server}/healthz")
        hit_page, hit_page_seconds = timed("GET", server + cached_page)
        hit_api, hit_api_seconds = api_get(server, cached_api)
        hit_screen, _ = timed("GET", **screen_poll)
        # A partner's key cannot be checked: the partner is answered as anonymous callers are.
        hit_partner, _ = api_get(server, cached_api, headers={"X-Api-Key": "a-partners-key"})
    finally:
        proxy.restore()
    restored_at = time.monotonic()
    ready_again = seconds_until_ready(server, since=restored_at)
    # By then no worker still waits out the pause after its last failed attempt.
    time.sleep(max(0, restored_at + outage.RETRY_SECONDS - time.monotonic()))
    after_page, _ = timed("GET", server + uncached_page)
    after_api, _ = api_get(server, uncached_api)
    after_ready, _ = timed("GET", f"{server}/readyz")

    with capsys.disabled():
        print(
            f"\n[database outage: {mode}] 503 after: page {page_seconds:.2f} s, "
            f"API {api_seconds:.2f} s, feed {feed_seconds:.2f} s, /readyz {ready_seconds:.2f} s; "
            f"cached page {hit_page_seconds:.3f} s, cached API {hit_api_seconds:.3f} s; "
            f"/readyz 200 again {ready_again:.2f} s after the database returned"
        )
    failing = {
        "page": page_seconds,
        "API": api_seconds,
        "feed": feed_seconds,
        "admin": admin_seconds,
        "screen": screen_seconds,
    }
    assert max(failing.values()) < BUDGET_SECONDS, failing
    assert (page.status_code, page.headers["Retry-After"]) == (503, "5")
    assert PAGE_HEADING in page.text
    assert (api.status_code, api.json()) == (503, API_OUTAGE)
    assert (feed.status_code, feed.json()) == (503, API_OUTAGE)
    assert (admin.status_code, PAGE_HEADING in admin.text) == (503, True)
    assert (screen.status_code, screen.json()) == (503, API_OUTAGE)
    assert (ready.status_code, ready.json()) == (
        503,
        {"status": "unavailable", "checks": {"database": "unavailable", "cache": "ok"}},
    )
    assert (healthy.status_code, healthy.json()) == (200, {"status": "ok"})
    assert (hit_page.status_code, hit_page.headers["X-Cache"]) == (200, "hit")
    assert hit_page.content == warm_page.content
    assert (hit_api.status_code, hit_api.json()) == (200, warm_api.json())
    assert hit_api.json() == {"data": {"event": {"title": "防災講座"}}}
    assert (hit_screen.status_code, hit_screen.content) == (200, warm_screen.content)
    assert (hit_partner.status_code, hit_partner.json()) == (200, warm_api.json())
    assert (after_page.status_code, after_api.status_code) == (200, 200)
    assert after_api.json() == {"data": {"event": {"title": "防災講座"}}}
    assert (after_ready.status_code, after_ready.json()) == (
        200,
        {"status": "ready", "checks": {"database": "ok", "cache": "ok"}},
    )
    server_log.seek(log_before)
    log = server_log.read().decode()
    assert "Traceback" not in log
    assert "The database cannot be reached; answering 503: " in log, log
    assert "503 for GET /graphql/: the database is unavailable (" in log, log
