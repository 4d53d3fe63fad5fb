"""/healthz and /readyz for the city's monitoring (reliability/health.py).

A database that cannot be reached is tested on the production server in
tests/reliability/test_database_outage.py; here the answers, the shared cache's check, and that the checks
stay outside redirects, rate limits and the response cache.
"""

import pytest
from django.core.cache import cache
from django.test import override_settings

from caching.backends import _Outage

NEVER_CACHE = "max-age=0, no-cache, no-store, must-revalidate, private"
READY = {"status": "ready", "checks": {"database": "ok", "cache": "ok"}}
CACHE_UNAVAILABLE = {"status": "unavailable", "checks": {"database": "ok", "cache": "unavailable"}}


def redis_cache(location):
    return {
        "default": {
            "BACKEND": "caching.backends.FailSafeRedisCache",
            "LOCATION": location,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


# Nothing listens on port 1: connections are refused at once.
DEAD_REDIS = redis_cache("redis://127.0.0.1:1/0")
REAL_REDIS = redis_cache("redis://127.0.0.1:6379/13")


@pytest.fixture(autouse=True)
def no_cache_outage(monkeypatch):
    monkeypatch.setattr(_Outage, "retry_at", 0.0)


def test_healthz_answers_without_touching_the_database(client):
    # Without the db fixture, pytest-django fails any query.
    response = client.get("/healthz")

    assert (response.status_code, response.json()) == (200, {"status": "ok"})
    assert response["Cache-Control"] == NEVER_CACHE


def test_readyz_is_ready_when_the_database_and_the_cache_answer(client, db):
    response = client.get("/readyz")

    assert (response.status_code, response.json()) == (200, READY)
    assert response["Cache-Control"] == NEVER_CACHE


def test_readyz_names_the_cache_when_redis_cannot_be_reached(client, db):
    with override_settings(CACHES=DEAD_REDIS):
        response = client.get("/readyz")

    assert (response.status_code, response.json()) == (503, CACHE_UNAVAILABLE)


def test_readyz_asks_redis_itself_while_the_fail_safe_cache_sits_out_an_outage(
    client, db, monkeypatch
):
    """The fail-safe backend answers every read with a miss for 5 s after a failure; the check
    must report Redis as it is, in both directions."""
    monkeypatch.setattr(_Outage, "retry_at", float("inf"))
    with override_settings(CACHES=REAL_REDIS):
        live = client.get("/readyz")
    with override_settings(CACHES=DEAD_REDIS):
        dead = client.get("/readyz")

    assert (live.status_code, live.json()) == (200, READY)
    assert (dead.status_code, dead.json()) == (503, CACHE_UNAVAILABLE)


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_the_checks_answer_head_and_refuse_other_methods(client, db, path):
    head = client.head(path)
    post = client.post(path)

    assert (head.status_code, head.content) == (200, b"")
    assert post.status_code == 405


@override_settings(ALLOWED_HOSTS=["kyodo.example.jp"])
@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_the_checks_answer_allowed_hosts_only(client, db, path):
    allowed = client.get(path, headers={"Host": "kyodo.example.jp"})
    other = client.get(path, headers={"Host": "attacker.example"})

    assert (allowed.status_code, other.status_code) == (200, 400)


@override_settings(SECURE_SSL_REDIRECT=True)
def test_monitors_probing_plain_http_are_not_redirected(client, home_page):
    checks = [client.get(path).status_code for path in ("/healthz", "/readyz")]
    page = client.get("/")

    assert checks == [200, 200]
    assert (page.status_code, page["Location"]) == (301, "https://testserver/")


@override_settings(ANONYMOUS_RATE_LIMIT_PER_MINUTE=2)
def test_the_checks_are_not_rate_limited_nor_counted(client, home_page):
    cache.clear()
    checks = [client.get("/healthz") for _ in range(3)] + [client.get("/readyz") for _ in range(3)]
    feed = client.get("/feeds/events.json")

    assert [response.status_code for response in checks] == [200] * 6
    assert not any(response.has_header("X-RateLimit-Limit") for response in checks)
    assert (feed.status_code, feed["X-RateLimit-Remaining"]) == (200, "1")


@override_settings(RESPONSE_CACHE_SECONDS=60)
def test_the_checks_never_go_through_the_response_cache(client, db, monkeypatch):
    def cache_lookup(*args):
        raise AssertionError("a health check went through the response cache")

    monkeypatch.setattr("caching.middleware.cached_response", cache_lookup)
    responses = [client.get(path) for path in ("/healthz", "/readyz")]

    assert [response.status_code for response in responses] == [200, 200]
    assert not any(r.has_header("X-Cache") or r.has_header("ETag") for r in responses)
