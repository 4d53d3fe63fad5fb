"""Compression of dynamic responses (caching/compression.py): what a client decompresses, with
Python's own gzip and Google's brotli, is exactly the identity body; the shared cache keeps that
body once per URL and every encoding is made from it on the way out; each encoding has its own
ETag; nothing that holds someone's secret is compressed (BREACH).

The sizes before and after are printed (`pytest -s`); docs/performance.md ("Compression") has
them for the sample content.
"""

import datetime as dt
import gzip
import json
import pickle
import uuid

import brotli
import pytest
import redis
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified, StreamingHttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory, override_settings
from django.utils import timezone
from wagtail.models import PageViewRestriction

from caching.compression import MINIMUM_BYTES, CompressionMiddleware, accepted_encoding
from graphql_api.persisted import find_persisted
from home.loading.site import section
from home.models import ContactSettings, EventIndexPage
from partners.models import Partner
from tests.factories import VenueFactory, event_with_sessions

REAL_REDIS = "redis://127.0.0.1:6379/15"
EVENT_LIST = find_persisted("EventList")
LIST_VARIABLES = {"limit": 20}
EVENT_QUERY = "query One($slug: String!) { event(slug: $slug) { title } }"


@pytest.fixture(autouse=True)
def response_cache_on(settings):
    settings.RESPONSE_CACHE_SECONDS = 60
    cache.clear()


@pytest.fixture
def events(home_page):
    """Eight upcoming events at one venue, so every list below is well over 1 KB."""
    # Settings are created on first use, which is a content change; make them before caching.
    ContactSettings.load()
    venue = VenueFactory(name="きらり鎌ケ谷市民会館", address="鎌ケ谷市新鎌ケ谷2-6-1")
    start = timezone.now() + dt.timedelta(days=3)
    return [
        event_with_sessions(
            section(EventIndexPage),
            (start + dt.timedelta(days=day), start + dt.timedelta(days=day, hours=2)),
            title=f"防災講座 第{day + 1}回",
            slug="bousai" if day == 0 else f"bousai-{day + 1}",
            summary="地震や水害に備えて、家庭でできる備えを学びます。",
            venue=venue,
        )
        for day in range(8)
    ]


@pytest.fixture
def real_redis():
    """Redis database 15 as the cache under a prefix of this test's own, removed afterwards."""
    prefix = f"test-compression-{uuid.uuid4().hex}"
    caches_setting = {
        "default": {
            "BACKEND": "caching.backends.FailSafeRedisCache",
            "LOCATION": REAL_REDIS,
            "KEY_PREFIX": prefix,
        }
    }
    connection = redis.Redis.from_url(REAL_REDIS)
    with override_settings(CACHES=caches_setting):
        yield connection, prefix
    for key in connection.scan_iter(f"{prefix}:*"):
        connection.delete(key)


def home(client, **headers):
    return client.get("/", headers=headers)


def json_feed(client, **headers):
    return client.get("/feeds/events.json", headers=headers)


def list_by_post(client, **headers):
    return client.post(
        "/graphql/",
        {"query": EVENT_LIST.document, "variables": LIST_VARIABLES},
        content_type="application/json",
        headers=headers,
    )


def list_by_get(client, **headers):
    """The persisted EventList by GET, as partners' sites send it."""
    return client.get(
        "/graphql/",
        {"id": EVENT_LIST.name, "variables": json.dumps(LIST_VARIABLES)},
        headers=headers,
    )


CHANNELS = {
    "home page": (home, "text/html; charset=utf-8"),
    "/feeds/events.json": (json_feed, "application/feed+json; charset=utf-8"),
    "GraphQL EventList POST": (list_by_post, "application/json"),
    "GraphQL EventList GET": (list_by_get, "application/json"),
}
DECOMPRESS = {"gzip": gzip.decompress, "br": brotli.decompress}


def with_encoding(etag, encoding):
    return f'{etag[:-1]}-{encoding}"'


@pytest.mark.parametrize("channel", CHANNELS)
def test_each_channel_decompresses_to_its_identity_body(client, events, channel):
    request, content_type = CHANNELS[channel]
    identity = request(client)
    compressed = {
        encoding: request(client, **{"Accept-Encoding": encoding}) for encoding in DECOMPRESS
    }

    assert (identity.status_code, identity["Content-Type"]) == (200, content_type)
    assert "Content-Encoding" not in identity and "Accept-Encoding" in identity["Vary"]
    for encoding, response in compressed.items():
        assert DECOMPRESS[encoding](response.content) == identity.content
        assert (response["Content-Encoding"], response["Content-Type"]) == (encoding, content_type)
        assert int(response["Content-Length"]) == len(response.content)
        assert "Accept-Encoding" in response["Vary"]
        # GETs carry one tag per encoding; a POST answer is never marked for HTTP caches.
        expected_etag = with_encoding(identity["ETag"], encoding) if "ETag" in identity else None
        assert response.get("ETag") == expected_etag
    sizes = {encoding: len(response.content) for encoding, response in compressed.items()}
    print(
        f"\n{channel}: identity {len(identity.content)} B, gzip {sizes['gzip']} B "
        f"({sizes['gzip'] / len(identity.content):.0%}), br {sizes['br']} B "
        f"({sizes['br'] / len(identity.content):.0%})"
    )
    # Japanese text and markup shrink to well under half with either.
    assert sizes["br"] <= sizes["gzip"] < len(identity.content) * 0.4


def test_one_identity_entry_per_url_serves_every_encoding(client, events, real_redis):
    connection, prefix = real_redis

    by_encoding = [
        json_feed(client, **{"Accept-Encoding": encoding}) for encoding in ("br", "gzip", "")
    ]

    assert [response["X-Cache"] for response in by_encoding] == ["miss", "hit", "hit"]
    assert [response.get("Content-Encoding") for response in by_encoding] == ["br", "gzip", None]
    keys = list(connection.scan_iter(f"{prefix}:*:response:*"))
    assert len(keys) == 1
    # Django's Redis cache stores an int as is and anything else pickled.
    stored = pickle.loads(connection.get(keys[0]))
    assert stored.content == by_encoding[2].content
    assert brotli.decompress(by_encoding[0].content) == stored.content


def test_each_encoding_is_validated_by_its_own_etag(client, events):
    identity = json_feed(client)["ETag"]
    gzipped = json_feed(client, **{"Accept-Encoding": "gzip"})["ETag"]
    brotlied = json_feed(client, **{"Accept-Encoding": "br"})["ETag"]

    def revalidate(if_none_match, accept_encoding):
        response = json_feed(
            client, **{"If-None-Match": if_none_match, "Accept-Encoding": accept_encoding}
        )
        return response.status_code, response["ETag"], response.get("Content-Encoding")

    assert (gzipped, brotlied) == (with_encoding(identity, "gzip"), with_encoding(identity, "br"))
    assert revalidate(gzipped, "gzip") == (304, gzipped, None)
    assert revalidate(f"W/{gzipped}", "gzip") == (304, gzipped, None)  # a proxy weakened it
    assert revalidate(identity, "") == (304, identity, None)
    # A copy in one encoding does not stand for another: the client gets the body it asked for.
    assert revalidate(gzipped, "br") == (200, brotlied, "br")
    assert revalidate(identity, "gzip") == (200, gzipped, "gzip")
    # A proxy holding two variants asks with both; the 304's tag says which one to send.
    assert revalidate(f"{identity}, {gzipped}", "gzip, br;q=0") == (304, gzipped, None)


def test_a_304_has_no_body_length_or_type_and_keeps_vary(client, events):
    etag = home(client, **{"Accept-Encoding": "br"})["ETag"]

    response = home(client, **{"Accept-Encoding": "br", "If-None-Match": etag})

    assert (response.status_code, response.content, response["ETag"]) == (304, b"", etag)
    assert not any(
        header in response
        for header in ("Content-Length", "Content-Type", "Content-Encoding", "Content-Language")
    )
    # Cookie: anyone signed in gets the page with the editors' user bar (caching/serve.py).
    assert response["Vary"] == "Cookie, Accept-Encoding"


@pytest.mark.parametrize(
    ("header", "chosen"),
    [
        ("", None),
        ("identity", None),
        ("gzip", "gzip"),
        ("br", "br"),
        ("gzip, deflate, br, zstd", "br"),  # what Chromium sends
        ("gzip, deflate", "gzip"),  # what Python's requests sends without brotli installed
        ("br;q=0, gzip", "gzip"),
        ("gzip;q=0", None),
        ("gzip;q=1.0, br;q=0.5", "gzip"),
        ("*", "br"),
        ("*;q=0.5, br;q=0", "gzip"),
        ("GZIP;Q=0.8", "gzip"),
        ("br;q=nonsense, gzip", "gzip"),
        ("deflate, compress", None),
    ],
)
def test_the_encoding_follows_accept_encoding_with_its_weights(header, chosen):
    assert accepted_encoding(header) == chosen


# What is never compressed.


def assert_not_compressed(response):
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert "Accept-Encoding" not in response.get("Vary", "")


def test_the_admin_is_never_compressed(client, admin_client, events):
    sign_in = client.get("/admin/login/", headers={"Accept-Encoding": "gzip, br"})
    dashboard = admin_client.get("/admin/", headers={"Accept-Encoding": "gzip, br"})

    assert_not_compressed(sign_in)
    assert_not_compressed(dashboard)
    assert b"csrfmiddlewaretoken" in sign_in.content and "csrftoken" in sign_in.cookies
    assert "private" in dashboard["Cache-Control"]


def test_an_editors_view_of_a_public_page_is_never_compressed(admin_client, events):
    response = admin_client.get("/events/bousai/", headers={"Accept-Encoding": "gzip, br"})

    assert_not_compressed(response)
    assert "private" in response["Cache-Control"]


def test_a_page_with_a_form_token_is_never_compressed(client, events):
    PageViewRestriction.objects.create(
        page=events[0], restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )

    response = client.get("/events/bousai/", headers={"Accept-Encoding": "gzip, br"})

    assert_not_compressed(response)
    assert b"csrfmiddlewaretoken" in response.content and 'name="password"' in response.text


def test_a_partners_answer_is_private_and_never_compressed(client, events):
    partner = Partner(name="鎌ケ谷市立第一中学校")
    key = partner.issue_key()
    partner.save()

    response = list_by_get(client, **{"Accept-Encoding": "gzip, br", "X-Api-Key": key})

    assert_not_compressed(response)
    assert "private" in response["Cache-Control"]
    assert len(response.json()["data"]["events"]["results"]) == 8


def test_short_answers_go_out_as_they_are(client, events):
    response = client.get(
        "/graphql/",
        {"query": EVENT_QUERY, "variables": json.dumps({"slug": "bousai"})},
        headers={"Accept-Encoding": "gzip, br"},
    )

    assert response.json() == {"data": {"event": {"title": "防災講座 第1回"}}}
    assert_not_compressed(response)


# Each rule on its own, on a body that is otherwise compressed.

PUBLIC_TEXT = "<p>鎌ケ谷市の市民活動団体が主催する講座です。</p>" * 40


def answer(path="/events/", content=PUBLIC_TEXT, content_type="text/html; charset=utf-8", **change):
    """What CompressionMiddleware sends to a client accepting gzip for a view's response."""
    request = RequestFactory().get(path, headers={"Accept-Encoding": "gzip"})

    def view(request):
        if change.get("streaming"):
            return StreamingHttpResponse(iter([content]), content_type=content_type)
        response = HttpResponse(content, content_type=content_type)
        if change.get("csrf_token"):
            get_token(request)  # what {% csrf_token %} does
        if change.get("cookie"):
            response.set_cookie("seen", "1")
        for header, value in change.get("headers", {}).items():
            response[header] = value
        return response

    return CompressionMiddleware(view)(request).get("Content-Encoding")


@pytest.mark.parametrize(
    ("case", "change", "encoding"),
    [
        ("a public page", {}, "gzip"),
        ("a public page that is revalidated", {"headers": {"Cache-Control": "no-cache"}}, "gzip"),
        ("the admin", {"path": "/admin/pages/"}, None),
        ("Django's admin", {"path": "/django-admin/"}, None),
        ("a cookie", {"cookie": True}, None),
        ("a CSRF token issued", {"csrf_token": True}, None),
        ("a form token in the body", {"content": PUBLIC_TEXT + "csrfmiddlewaretoken"}, None),
        ("private", {"headers": {"Cache-Control": "max-age=0, private"}}, None),
        ("an image", {"content_type": "image/png"}, None),
        ("plain text", {"content_type": "text/plain"}, None),
        ("a calendar", {"content_type": "text/calendar; charset=utf-8; method=PUBLISH"}, "gzip"),
        ("CSV", {"content_type": "text/csv; charset=utf-8"}, "gzip"),
        ("RSS", {"content_type": "application/rss+xml; charset=utf-8"}, "gzip"),
        ("GraphQL over HTTP", {"content_type": "application/graphql-response+json"}, "gzip"),
        ("1 KB", {"content": "a" * MINIMUM_BYTES}, "gzip"),
        ("under 1 KB", {"content": "a" * (MINIMUM_BYTES - 1)}, None),
        ("encoded already", {"headers": {"Content-Encoding": "br"}}, "br"),
        ("streamed", {"streaming": True}, None),
    ],
)
def test_what_is_compressed(case, change, encoding):
    assert answer(**change) == encoding


def test_a_304_made_further_in_loses_the_length_of_its_empty_body():
    def view(request):
        response = HttpResponseNotModified()
        response["ETag"] = '"abc"'
        response["Content-Length"] = "0"  # what CommonMiddleware adds
        return response

    response = CompressionMiddleware(view)(RequestFactory().get("/media/images/a.png"))

    assert (response.status_code, response["ETag"], "Content-Length" in response) == (
        304,
        '"abc"',
        False,
    )
