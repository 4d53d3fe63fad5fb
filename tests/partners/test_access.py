"""Partner keys, per-minute limits and CORS in front of /graphql/, /feeds/ and calendar files."""

import datetime as dt
import logging
import threading
import uuid

import pytest
import redis
import time_machine
from django.core.cache import cache, caches
from django.test import override_settings

from caching.backends import _Outage
from home.models import EventIndexPage
from jp.time import TOKYO
from partners import ratelimit
from partners.models import Partner
from signage.models import SignageScreen
from tests.factories import event_with_sessions

pytestmark = pytest.mark.django_db

QUERY = "{ __typename }"
DATA = {"data": {"__typename": "Query"}}
SCHOOL_ORIGIN = "https://school.example.jp"
OTHER_ORIGIN = "https://elsewhere.example.com"
# 15 seconds into a minute, so the window has 45 seconds left.
MINUTE_STARTED_15_SECONDS_AGO = dt.datetime(2026, 12, 5, 9, 30, 15, tzinfo=TOKYO)
UNKNOWN_KEY = {
    "message": "Unknown or revoked API key. Ask the city (市民活動推進課) for a key, "
    "or call without one for anonymous access."
}
EXPOSED_HEADERS = "Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining"
REAL_REDIS = "redis://127.0.0.1:6379/15"
UNREACHABLE_REDIS = "redis://127.0.0.1:6390/0"


def redis_cache(location, **options):
    backend = "caching.backends.FailSafeRedisCache"
    return {"default": {"BACKEND": backend, "LOCATION": location, **options}}


@pytest.fixture(autouse=True)
def fresh_counts(monkeypatch):
    """Counts live in the cache, which outlives a test; each test starts with none, and with
    no outage remembered from an earlier test."""
    monkeypatch.setattr(_Outage, "retry_at", 0.0)
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def school():
    partner = Partner(
        name="鎌ケ谷市立第一中学校",
        allowed_origins=f"{SCHOOL_ORIGIN}\nhttps://portal.school.example.jp",
        rate_limit_per_minute=3,
    )
    raw_key = partner.issue_key()
    partner.save()
    return partner, raw_key


def get(client, key=None, origin=None, key_in="header"):
    params, headers = {"query": QUERY}, {}
    if key and key_in == "header":
        headers["X-Api-Key"] = key
    if key and key_in == "query":
        params["key"] = key
    if origin:
        headers["Origin"] = origin
    return client.get("/graphql/", params, headers=headers)


def post(client, key=None, origin=None):
    headers = {"X-Api-Key": key} if key else {}
    if origin:
        headers["Origin"] = origin
    return client.post(
        "/graphql/", {"query": QUERY}, content_type="application/json", headers=headers
    )


def preflight(client, origin):
    return client.options(
        "/graphql/",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "x-api-key",
        },
    )


def cors_headers(response):
    return {
        name: value for name, value in response.headers.items() if name.startswith("Access-Control")
    }


def errors(response):
    return response.json()["errors"]


# Keys


@pytest.mark.parametrize("call", [get, post])
def test_anonymous_calls_are_served(client, call):
    response = call(client)

    assert (response.status_code, response.json()) == (200, DATA)


@pytest.mark.parametrize("call", [get, post])
def test_an_unknown_key_is_refused_with_401(client, call):
    response = call(client, key="not-a-key")

    assert response.status_code == 401
    assert errors(response) == [UNKNOWN_KEY]
    assert response["WWW-Authenticate"] == 'ApiKey header="X-Api-Key"'


@pytest.mark.parametrize("call", [get, post])
def test_a_revoked_key_is_refused_with_401(client, school, call):
    partner, raw_key = school
    partner.is_active = False
    partner.save()

    response = call(client, key=raw_key)

    assert (response.status_code, errors(response)) == (401, [UNKNOWN_KEY])


@pytest.mark.parametrize(
    "path", ["/events/no-such-event/calendar.ics", "/feeds/events.ics", "/feeds/"]
)
def test_an_unknown_key_in_the_query_string_is_refused_before_any_feed_or_calendar(client, path):
    response = client.get(path, {"key": "not-a-key"})

    assert (response.status_code, errors(response)) == (401, [UNKNOWN_KEY])


def test_other_pages_ignore_keys(client, home_page):
    response = client.get("/", {"key": "not-a-key"}, headers={"X-Api-Key": "not-a-key"})

    assert response.status_code == 200


@pytest.mark.parametrize("key_in", ["header", "query"])
def test_a_partner_key_is_accepted_from_the_header_or_the_query_string(client, school, key_in):
    partner, raw_key = school

    response = get(client, key=raw_key, key_in=key_in)

    assert (response.status_code, response.json()) == (200, DATA)
    assert response["X-RateLimit-Limit"] == "3"
    partner.refresh_from_db()
    assert partner.request_count == 1


def test_a_key_in_the_query_string_of_a_post_is_refused(client, school):
    _, raw_key = school

    response = client.post(
        f"/graphql/?key={raw_key}", {"query": QUERY}, content_type="application/json"
    )

    assert response.status_code == 400
    assert errors(response) == [
        {
            "message": "Send the API key in the X-Api-Key header; "
            "?key= is accepted on GET requests only."
        }
    ]


def test_a_partner_can_fetch_an_event_calendar_with_its_key_in_the_url(client, home_page, school):
    partner, raw_key = school
    event = event_with_sessions(
        EventIndexPage.objects.get(),
        (dt.datetime(2027, 1, 9, 10, tzinfo=TOKYO), dt.datetime(2027, 1, 9, 12, tzinfo=TOKYO)),
    )

    response = client.get(f"/events/{event.slug}/calendar.ics", {"key": raw_key})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    partner.refresh_from_db()
    assert partner.request_count == 1


def test_each_request_updates_the_partners_count_and_last_use(client, school):
    partner, raw_key = school

    with time_machine.travel(MINUTE_STARTED_15_SECONDS_AGO, tick=False):
        get(client, key=raw_key)
        post(client, key=raw_key)

    partner.refresh_from_db()
    assert (partner.request_count, partner.last_used_at) == (2, MINUTE_STARTED_15_SECONDS_AGO)


def test_the_key_is_stored_only_as_its_hash(school):
    partner, raw_key = school

    stored = Partner.objects.filter(pk=partner.pk).values().get()

    assert all(raw_key not in str(value) for value in stored.values())
    assert stored["key_prefix"] == raw_key[:8]


# Limits


@override_settings(ANONYMOUS_RATE_LIMIT_PER_MINUTE=2)
def test_anonymous_calls_over_the_limit_get_429_with_retry_after(client):
    with time_machine.travel(MINUTE_STARTED_15_SECONDS_AGO, tick=False):
        first, second, third = get(client), post(client), get(client)

    assert [first.status_code, second.status_code] == [200, 200]
    assert [first["X-RateLimit-Remaining"], second["X-RateLimit-Remaining"]] == ["1", "0"]
    assert third.status_code == 429
    assert third["Retry-After"] == "45"
    assert (third["X-RateLimit-Limit"], third["X-RateLimit-Remaining"]) == ("2", "0")
    assert errors(third) == [
        {
            "message": "Too many requests: at most 2 per minute from one address without a key. "
            "Try again in 45 seconds."
        }
    ]


def test_a_partner_over_its_limit_gets_429_and_its_use_is_not_counted(client, school):
    partner, raw_key = school

    with time_machine.travel(MINUTE_STARTED_15_SECONDS_AGO, tick=False):
        statuses = [get(client, key=raw_key).status_code for _ in range(3)]
        refused = get(client, key=raw_key)

    assert statuses == [200, 200, 200]
    assert (refused.status_code, refused["Retry-After"]) == (429, "45")
    assert errors(refused) == [
        {
            "message": "Too many requests: at most 3 per minute for this key. Try again in 45 seconds."
        }
    ]
    partner.refresh_from_db()
    assert partner.request_count == 3


@override_settings(ANONYMOUS_RATE_LIMIT_PER_MINUTE=1)
def test_a_partner_and_anonymous_callers_have_separate_counts(client, school):
    _, raw_key = school

    with time_machine.travel(MINUTE_STARTED_15_SECONDS_AGO, tick=False):
        statuses = [
            get(client).status_code,
            get(client, key=raw_key).status_code,
            get(client).status_code,
            get(client, key=raw_key).status_code,
        ]

    assert statuses == [200, 200, 429, 200]


@override_settings(ANONYMOUS_RATE_LIMIT_PER_MINUTE=1, SIGNAGE_RATE_LIMIT_PER_MINUTE=2)
def test_each_registered_signage_screen_has_its_own_allowance(client):
    SignageScreen.objects.create(name="1階ロビー", slug="lobby")
    SignageScreen.objects.create(name="2階", slug="second-floor", is_active=False)

    def from_screen(slug):
        return client.get("/graphql/", {"query": QUERY}, headers={"X-Signage-Screen": slug})

    with time_machine.travel(MINUTE_STARTED_15_SECONDS_AGO, tick=False):
        statuses = [
            get(client).status_code,  # uses up the address's anonymous allowance
            from_screen("lobby").status_code,
            from_screen("lobby").status_code,
            from_screen("lobby").status_code,
            # Unknown and inactive screens count as plain anonymous calls: already used up.
            from_screen("no-such-screen").status_code,
            from_screen("second-floor").status_code,
        ]

    assert statuses == [200, 200, 200, 429, 429, 429]


@override_settings(ANONYMOUS_RATE_LIMIT_PER_MINUTE=1)
def test_each_client_address_has_its_own_anonymous_count(client):
    with time_machine.travel(MINUTE_STARTED_15_SECONDS_AGO, tick=False):
        statuses = [
            client.get("/graphql/", {"query": QUERY}, REMOTE_ADDR=address).status_code
            for address in ("203.0.113.5", "203.0.113.6", "203.0.113.5")
        ]

    assert statuses == [200, 200, 429]


@override_settings(ANONYMOUS_RATE_LIMIT_PER_MINUTE=1)
def test_forwarded_for_headers_do_not_escape_the_limit(client):
    with time_machine.travel(MINUTE_STARTED_15_SECONDS_AGO, tick=False):
        statuses = [
            client.get(
                "/graphql/", {"query": QUERY}, headers={"X-Forwarded-For": spoofed}
            ).status_code
            for spoofed in ("198.51.100.1", "198.51.100.2")
        ]

    assert statuses == [200, 429]


@override_settings(ANONYMOUS_RATE_LIMIT_PER_MINUTE=1)
def test_the_count_starts_again_on_the_next_minute(client):
    with time_machine.travel(MINUTE_STARTED_15_SECONDS_AGO, tick=False) as clock:
        statuses = [get(client).status_code, get(client).status_code]
        clock.shift(dt.timedelta(seconds=44))
        statuses.append(get(client).status_code)
        clock.shift(dt.timedelta(seconds=1))
        statuses.append(get(client).status_code)

    assert statuses == [200, 429, 429, 200]


@override_settings(ANONYMOUS_RATE_LIMIT_PER_MINUTE=1)
def test_wrong_keys_count_against_the_callers_address(client):
    with time_machine.travel(MINUTE_STARTED_15_SECONDS_AGO, tick=False):
        statuses = [get(client, key="guess-1").status_code, get(client, key="guess-2").status_code]

    assert statuses == [401, 429]


# CORS


def test_a_partner_origin_may_read_the_partners_responses(client, school):
    _, raw_key = school

    response = get(client, key=raw_key, origin=SCHOOL_ORIGIN)

    assert response.status_code == 200
    assert cors_headers(response) == {
        "Access-Control-Allow-Origin": SCHOOL_ORIGIN,
        "Access-Control-Expose-Headers": EXPOSED_HEADERS,
    }
    assert "Origin" in response["Vary"]


def test_an_origin_is_matched_as_browsers_send_it(client, school):
    partner, raw_key = school
    partner.allowed_origins = "HTTPS://School.Example.JP:443/"
    partner.save()

    response = get(client, key=raw_key, origin=SCHOOL_ORIGIN)

    assert response["Access-Control-Allow-Origin"] == SCHOOL_ORIGIN


@pytest.mark.parametrize(
    "origin",
    [OTHER_ORIGIN, "https://school.example.jp.elsewhere.example.com", "http://school.example.jp"],
)
def test_other_origins_get_no_cors_headers_even_with_a_valid_key(client, school, origin):
    _, raw_key = school

    response = get(client, key=raw_key, origin=origin)

    assert response.status_code == 200
    assert cors_headers(response) == {}


def test_anonymous_calls_get_no_cors_headers_even_from_a_partner_origin(client, school):
    response = get(client, origin=SCHOOL_ORIGIN)

    assert response.status_code == 200
    assert cors_headers(response) == {}


def test_a_partner_over_its_limit_can_still_read_retry_after_from_its_pages(client, school):
    _, raw_key = school

    with time_machine.travel(MINUTE_STARTED_15_SECONDS_AGO, tick=False):
        for _ in range(3):
            get(client, key=raw_key)
        response = get(client, key=raw_key, origin=SCHOOL_ORIGIN)

    assert response.status_code == 429
    assert response["Access-Control-Allow-Origin"] == SCHOOL_ORIGIN
    assert "Retry-After" in response["Access-Control-Expose-Headers"]


@override_settings(ANONYMOUS_RATE_LIMIT_PER_MINUTE=1)
def test_a_preflight_from_a_partner_origin_is_allowed_and_not_counted(client, school):
    with time_machine.travel(MINUTE_STARTED_15_SECONDS_AGO, tick=False):
        responses = [preflight(client, SCHOOL_ORIGIN) for _ in range(3)]
        after_preflights = get(client)

    assert [response.status_code for response in responses] == [204, 204, 204]
    assert cors_headers(responses[0]) == {
        "Access-Control-Allow-Origin": SCHOOL_ORIGIN,
        "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
        "Access-Control-Allow-Headers": "X-Api-Key, Content-Type",
        "Access-Control-Max-Age": "600",
    }
    assert after_preflights.status_code == 200


def test_a_preflight_from_an_unknown_origin_gets_no_cors_headers(client, school):
    response = preflight(client, OTHER_ORIGIN)

    assert response.status_code == 204
    assert cors_headers(response) == {}


def test_a_preflight_from_a_revoked_partners_origin_gets_no_cors_headers(client, school):
    partner, _ = school
    partner.is_active = False
    partner.save()

    assert cors_headers(preflight(client, SCHOOL_ORIGIN)) == {}


# The shared cache


@pytest.fixture
def real_redis():
    """Redis database 15 as the cache, under a key prefix of this test's own so that test runs
    on one machine cannot count each other's requests; its keys are removed afterwards."""
    connection = redis.Redis.from_url(REAL_REDIS)
    try:
        connection.ping()
    except redis.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    prefix = f"test-partner-access-{uuid.uuid4().hex}"
    with override_settings(CACHES=redis_cache(REAL_REDIS, KEY_PREFIX=prefix)):
        yield connection, prefix
    for key in connection.scan_iter(f"{prefix}:*"):
        connection.delete(key)


@override_settings(ANONYMOUS_RATE_LIMIT_PER_MINUTE=2)
def test_processes_share_one_count_through_redis(client, real_redis):
    # Django keeps one cache client per thread: a second thread has its own client and its
    # own connections to Redis, as a second gunicorn worker would.
    outcome = {}

    def second_worker():
        outcome["client"] = caches["default"]
        outcome["status"] = get(client).status_code

    first_worker_client = caches["default"]
    with time_machine.travel(MINUTE_STARTED_15_SECONDS_AGO, tick=False):
        statuses = [get(client).status_code, get(client).status_code]
        worker = threading.Thread(target=second_worker)
        worker.start()
        worker.join()

    assert outcome["client"] is not first_worker_client
    assert [*statuses, outcome["status"]] == [200, 200, 429]
    connection, prefix = real_redis
    [counter] = connection.keys(f"{prefix}:*:access:requests:client:127.0.0.1:*")
    assert int(connection.get(counter)) == 3
    assert 0 < connection.ttl(counter) <= 60


def test_requests_are_served_when_redis_cannot_be_reached(client, school, caplog, monkeypatch):
    monkeypatch.setattr(ratelimit, "_last_outage_warning_window", None)
    _, raw_key = school

    with override_settings(CACHES=redis_cache(UNREACHABLE_REDIS)), caplog.at_level(logging.WARNING):
        anonymous = get(client)
        partner = get(client, key=raw_key, origin=SCHOOL_ORIGIN)

    assert (anonymous.status_code, anonymous.json()) == (200, DATA)
    assert (partner.status_code, partner.json()) == (200, DATA)
    assert "X-RateLimit-Limit" not in anonymous
    assert partner["Access-Control-Allow-Origin"] == SCHOOL_ORIGIN
    assert [record.getMessage() for record in caplog.records] == [
        "Redis cannot be reached; serving without the cache: "
        "Error 111 connecting to 127.0.0.1:6390. Connection refused.",
        "Rate limits are not enforced: the cache cannot be reached.",
    ]
