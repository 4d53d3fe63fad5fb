"""HTTP as caches and clients rely on it (caching/http.py, serve.py, compression.py, middleware.py):
HEAD answers like GET without the body, 304s carry no Content-Length, Last-Modified moves exactly
when the body does and answers If-Modified-Since, and the public site says `Content-Language: ja`
with one cache entry whatever the browser's language.

Django's test client removes HEAD bodies itself and shows headers as the app made them, so the
wire is checked against gunicorn with the production settings, read with `requests`.
"""

import datetime as dt
import gzip
import json
import re

import pytest
import redis
import requests
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date, parse_http_date
from wagtail.documents.models import Document

from home.loading.site import ensure_site_tree, section
from home.models import ContactSettings, EventIndexPage, Venue
from tests.app_servers import app_server
from tests.factories import event_with_sessions

# Headers a HEAD must share with its GET, and that a cache stores and compares.
ENTITY_HEADERS = (
    "Content-Type",
    "Content-Length",
    "Content-Encoding",
    "Content-Language",
    "ETag",
    "Last-Modified",
    "Cache-Control",
    "Vary",
)
# Redis database 10, emptied first; the app-server tests stay on one worker to share it.
APP_SERVER_REDIS = "redis://127.0.0.1:6379/10"
PUBLIC_PATHS = ("/events/bousai/", "/events/", "/feeds/events.json", "/feeds/events.ics")


@pytest.fixture(autouse=True)
def response_cache_on(settings):
    settings.RESPONSE_CACHE_SECONDS = 60
    cache.clear()


def make_events():
    """Two upcoming events at one venue; the first is /events/bousai/."""
    # Settings are created on first use, which is a content change; make them before caching.
    ContactSettings.load()
    start = timezone.now() + dt.timedelta(days=3)
    first = event_with_sessions(
        section(EventIndexPage),
        (start, start + dt.timedelta(hours=2)),
        title="防災講座",
        slug="bousai",
    )
    later = start + dt.timedelta(days=7)
    second = event_with_sessions(
        section(EventIndexPage),
        (later, later + dt.timedelta(hours=2)),
        title="清掃活動",
        slug="seisou",
        venue=first.venue,
    )
    return first, second


@pytest.fixture
def events(home_page):
    return make_events()


def entity(response):
    return {header: response.get(header) for header in ENTITY_HEADERS}


# HEAD, in process.


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_head_after_get_is_a_hit_with_the_same_headers_and_no_body(client, events, path):
    got = client.get(path, headers={"Accept-Encoding": "gzip"})
    head = client.head(path, headers={"Accept-Encoding": "gzip"})

    assert (got.status_code, head.status_code, head.content) == (200, 200, b"")
    assert (got["X-Cache"], head["X-Cache"]) == ("miss", "hit")
    assert entity(head) == entity(got)
    assert got["Content-Encoding"] == "gzip" and got["Last-Modified"]


def test_a_head_that_misses_answers_like_get_but_is_not_kept(client, events):
    head = client.head("/feeds/events.json")
    got = client.get("/feeds/events.json")

    assert (head.status_code, head.content, "X-Cache" in head) == (200, b"", False)
    assert got["X-Cache"] == "miss"
    assert entity(head) == entity(got)


def test_a_conditional_head_is_answered_304(client, events):
    got = client.get("/feeds/events.json")

    by_etag = client.head("/feeds/events.json", headers={"If-None-Match": got["ETag"]})
    by_date = client.head("/feeds/events.json", headers={"If-Modified-Since": got["Last-Modified"]})

    assert (by_etag.status_code, by_date.status_code) == (304, 304)
    assert by_etag["ETag"] == by_date["ETag"] == got["ETag"]


# Last-Modified: when the body last changed, whatever changed it.


def test_if_modified_since_gets_304_until_the_body_changes(client, events):
    produced_at = timezone.now().replace(microsecond=600_000)
    with time_machine.travel(produced_at, tick=False):
        first = client.get("/events/bousai/")
    unchanged = client.get("/events/bousai/", headers={"If-Modified-Since": first["Last-Modified"]})
    earlier = http_date(parse_http_date(first["Last-Modified"]) - 1)
    older_copy = client.get("/events/bousai/", headers={"If-Modified-Since": earlier})

    assert first["Last-Modified"] == http_date(int(produced_at.timestamp()))
    assert (unchanged.status_code, unchanged["Last-Modified"]) == (304, first["Last-Modified"])
    assert older_copy.status_code == 200


def test_a_venue_rename_changes_last_modified_though_no_page_was_published(client, events):
    first = client.get("/events/bousai/")
    venue = Venue.objects.get(pk=events[0].venue_id)
    venue.name = "中央公民館（改修後）"
    venue.save()

    after = client.get("/events/bousai/", headers={"If-Modified-Since": first["Last-Modified"]})

    assert after.status_code == 200 and "中央公民館（改修後）" in after.text
    assert parse_http_date(after["Last-Modified"]) > parse_http_date(first["Last-Modified"])


def test_unpublishing_a_listed_event_changes_the_feeds_last_modified(client, events):
    first = client.get("/feeds/events.json")
    events[1].unpublish()

    after = client.get("/feeds/events.json", headers={"If-Modified-Since": first["Last-Modified"]})

    assert after.status_code == 200
    assert [item["title"] for item in json.loads(after.content)["items"]] == ["防災講座"]
    assert parse_http_date(after["Last-Modified"]) > parse_http_date(first["Last-Modified"])


def test_an_unchanged_body_keeps_its_last_modified_across_new_cache_entries(client, events):
    first = client.get("/feeds/events.json")
    # Any content change replaces every entry; this one does not touch the feed.
    Document.objects.create(title="申込書", file=ContentFile(b"form", name="form.pdf"))
    with time_machine.travel(dt.timedelta(minutes=5)):
        after = client.get(
            "/feeds/events.json", headers={"If-Modified-Since": first["Last-Modified"]}
        )

    assert (after.status_code, after["X-Cache"]) == (304, "miss")
    assert after["Last-Modified"] == first["Last-Modified"]


def test_etag_wins_over_if_modified_since(client, events):
    first = client.get("/feeds/events.json")

    response = client.get(
        "/feeds/events.json",
        headers={"If-None-Match": '"another-body"', "If-Modified-Since": first["Last-Modified"]},
    )

    assert response.status_code == 200


def statements(captured):
    """The SQL run, with literals (the time "upcoming" is counted from) left out."""
    return [re.sub(r"'[^']*'", "?", query["sql"]) for query in captured.captured_queries]


def test_last_modified_costs_no_sql(client, events, settings):
    """The response cache's miss runs exactly the SQL of an uncached request; a hit runs none."""
    settings.RESPONSE_CACHE_SECONDS = 0
    client.get("/events/bousai/")  # fills Wagtail's own caches (site roots) first
    with CaptureQueriesContext(connection) as uncached:
        client.get("/events/bousai/")
    settings.RESPONSE_CACHE_SECONDS = 60
    with CaptureQueriesContext(connection) as miss:
        missed = client.get("/events/bousai/")
    with CaptureQueriesContext(connection) as hit:
        client.get("/events/bousai/")

    assert statements(miss) == statements(uncached)
    assert (missed["X-Cache"], missed.has_header("Last-Modified"), len(hit)) == ("miss", True, 0)


# One language for the public site.


@pytest.mark.parametrize("path", [*PUBLIC_PATHS, "/graphql/?query={events{totalCount}}"])
def test_public_answers_are_japanese_and_cached_once_whatever_the_browser_asks(
    client, events, path
):
    english = client.get(path, headers={"Accept-Language": "en-US,en;q=0.9"})
    japanese = client.get(path, headers={"Accept-Language": "ja"})
    unspecified = client.get(path)

    assert [r["Content-Language"] for r in (english, japanese, unspecified)] == ["ja"] * 3
    assert [r["X-Cache"] for r in (english, japanese, unspecified)] == ["miss", "hit", "hit"]
    assert english.content == japanese.content == unspecified.content
    assert "Accept-Language" not in english.get("Vary", "")


def test_the_feeds_english_refusals_say_so(client, events):
    bad_parameter = client.get("/feeds/events.json", {"limit": "many"})
    other_method = client.post("/feeds/events.json")

    assert [(r.status_code, r["Content-Language"]) for r in (bad_parameter, other_method)] == [
        (400, "en"),
        (405, "en"),
    ]
    assert bad_parameter.text.isascii() and other_method.text.isascii()


def test_the_admin_still_follows_the_browsers_language(client, db):
    english = client.get("/admin/login/", headers={"Accept-Language": "en"})
    japanese = client.get("/admin/login/", headers={"Accept-Language": "ja"})

    assert (english["Content-Language"], japanese["Content-Language"]) == ("en", "ja")
    assert "Accept-Language" in english["Vary"]
    assert "Sign in" in english.text and "ログイン" in japanese.text


# On the wire: gunicorn with the production settings.


@pytest.fixture
def server_events():
    ensure_site_tree()
    return make_events()


@pytest.fixture
def served():
    """A gunicorn server on the test database and its own Redis database, emptied first."""
    redis.Redis.from_url(APP_SERVER_REDIS).flushdb()
    with app_server(APP_SERVER_REDIS, workers=1, PUBLIC_BASE_URL=settings.PUBLIC_BASE_URL) as url:
        yield url


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.xdist_group("http-app-server")
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="an app server reads what the test wrote: needs PostgreSQL",
)
def test_on_the_wire_head_and_304s_are_right(server_events, served):
    results = {}
    for path in PUBLIC_PATHS:
        url = served + path
        got = requests.get(url, timeout=10)
        head = requests.head(url, timeout=10)
        gzipped = requests.get(url, headers={"Accept-Encoding": "gzip"}, stream=True, timeout=10)
        raw = gzipped.raw.read(decode_content=False)
        gzip_head = requests.head(url, headers={"Accept-Encoding": "gzip"}, timeout=10)
        not_modified = requests.get(url, headers={"If-None-Match": got.headers["ETag"]}, timeout=10)
        not_modified_gzip = requests.get(
            url,
            headers={"If-None-Match": gzipped.headers["ETag"], "Accept-Encoding": "gzip"},
            timeout=10,
        )
        head_not_modified = requests.head(
            url, headers={"If-Modified-Since": got.headers["Last-Modified"]}, timeout=10
        )
        results[path] = {
            "statuses": [
                r.status_code
                for r in (got, head, gzipped, gzip_head, not_modified, not_modified_gzip)
            ]
            + [head_not_modified.status_code],
            "head is get": {h: head.headers.get(h) for h in ENTITY_HEADERS}
            == {h: got.headers.get(h) for h in ENTITY_HEADERS},
            "gzip head is gzip get": {h: gzip_head.headers.get(h) for h in ENTITY_HEADERS}
            == {h: gzipped.headers.get(h) for h in ENTITY_HEADERS},
            "head bodies": (head.content, gzip_head.content),
            "gzip length and body": (
                int(gzipped.headers["Content-Length"]) == len(raw),
                gzip.decompress(raw) == got.content,
            ),
            "304 lengths": [
                r.headers.get("Content-Length")
                for r in (not_modified, not_modified_gzip, head_not_modified)
            ],
            "304 bodies": [r.content for r in (not_modified, not_modified_gzip)],
            "304 etags": [not_modified.headers["ETag"], not_modified_gzip.headers["ETag"]]
            == [got.headers["ETag"], gzipped.headers["ETag"]],
            "language": (
                got.headers["Content-Language"],
                "Content-Language" in not_modified.headers,
            ),
        }

    expected = {
        "statuses": [200, 200, 200, 200, 304, 304, 304],
        "head is get": True,
        "gzip head is gzip get": True,
        "head bodies": (b"", b""),
        "gzip length and body": (True, True),
        "304 lengths": [None, None, None],
        "304 bodies": [b"", b""],
        "304 etags": True,
        "language": ("ja", False),
    }
    assert results == dict.fromkeys(PUBLIC_PATHS, expected)
