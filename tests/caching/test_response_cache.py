"""The shared response cache: what it keeps, what it never keeps, and that content changes empty
it at once (caching/). The cache is Django's local-memory cache here except where a test asks for
`real_redis`; tests/caching/test_scale_out.py runs two servers on the real Redis."""

import datetime as dt
import json
import uuid

import pytest
import redis
from django.core.cache import cache, caches
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.models import PageViewRestriction

from caching.backends import _Outage
from caching.generation import _PendingBump, current_generation
from home.loading.site import section
from home.models import ContactSettings, EventIndexPage, NoticeIndexPage, NoticePage, Venue
from home.preview.tokens import make_preview_token
from partners.models import Partner
from tests.factories import ImageFactory, event_with_sessions
from tests.query_count import exact_query_count

SOON = timezone.now() + dt.timedelta(days=3)
EVENT_QUERY = "query One($slug: String!) { event(slug: $slug) { title venue { name } } }"
# Pages are revalidated on every use, so the next load after a publish shows it; the API and
# feeds may be reused for a short while, as documented to partners (caching/http.py).
PAGE_CACHE_CONTROL = "public, no-cache"
API_CACHE_CONTROL = "public, max-age=30, stale-while-revalidate=60"
REAL_REDIS = "redis://127.0.0.1:6379/15"


@pytest.fixture(autouse=True)
def empty_cache(monkeypatch, settings):
    settings.RESPONSE_CACHE_SECONDS = 60
    monkeypatch.setattr(_Outage, "retry_at", 0.0)
    cache.clear()


@pytest.fixture
def event(home_page):
    # Settings are created on first use, which is a content change; make them before caching.
    ContactSettings.load()
    return event_with_sessions(
        section(EventIndexPage),
        (SOON, SOON + dt.timedelta(hours=2)),
        title="防災講座",
        slug="bousai",
    )


@pytest.fixture
def real_redis():
    """Redis database 15 as the cache, under a key prefix of this test's own (other tests use the
    database too); its keys are removed afterwards."""
    prefix = f"test-response-cache-{uuid.uuid4().hex}"
    caches_setting = {
        "default": {
            "BACKEND": "caching.backends.FailSafeRedisCache",
            "LOCATION": REAL_REDIS,
            "KEY_PREFIX": prefix,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    connection = redis.Redis.from_url(REAL_REDIS)
    with override_settings(CACHES=caches_setting):
        yield connection, prefix
    for key in connection.scan_iter(f"{prefix}:*"):
        connection.delete(key)


def api(client, query, variables, method="post", **headers):
    if method == "get":
        return client.get(
            "/graphql/", {"query": query, "variables": json.dumps(variables)}, headers=headers
        )
    return client.post(
        "/graphql/",
        {"query": query, "variables": variables},
        content_type="application/json",
        headers=headers,
    )


def publish_title(page, title):
    page.title = title
    page.save_revision().publish()


# What is kept, and how a hit is answered.


def test_a_public_page_is_kept_and_the_second_request_costs_no_sql(client, event):
    first = client.get("/events/bousai/")
    with exact_query_count(0, "a cached page"):
        second = client.get("/events/bousai/")

    assert (first.status_code, first["X-Cache"], second["X-Cache"]) == (200, "miss", "hit")
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Cache-Control"] == PAGE_CACHE_CONTROL


def test_a_hit_answers_a_known_etag_with_304(client, event):
    etag = client.get("/events/bousai/")["ETag"]

    response = client.get("/events/bousai/", headers={"If-None-Match": etag})

    assert (response.status_code, response.content, response["ETag"]) == (304, b"", etag)
    assert (response["X-Cache"], response["Cache-Control"]) == ("hit", PAGE_CACHE_CONTROL)


def test_feeds_keep_a_short_max_age_while_pages_revalidate(client, event):
    page = client.get("/events/")
    feeds = [client.get(path) for path in ("/feeds/events.json", "/feeds/events.ics")]

    assert page["Cache-Control"] == PAGE_CACHE_CONTROL
    assert [feed["Cache-Control"] for feed in feeds] == [API_CACHE_CONTROL] * 2
    assert all(response.has_header("ETag") for response in (page, *feeds))


def test_the_old_etag_gets_the_new_page_after_a_publish(client, event, real_redis):
    first = client.get("/events/bousai/")
    unchanged = client.get("/events/bousai/", headers={"If-None-Match": first["ETag"]})

    publish_title(event, "防災講座（会場変更）")
    after = client.get("/events/bousai/", headers={"If-None-Match": first["ETag"]})

    assert (first["X-Cache"], unchanged.status_code, unchanged["X-Cache"]) == ("miss", 304, "hit")
    assert (after.status_code, after["X-Cache"], after["Cache-Control"]) == (
        200,
        "miss",
        PAGE_CACHE_CONTROL,
    )
    assert after["ETag"] != first["ETag"]
    assert "防災講座（会場変更）" in after.content.decode()
    connection, prefix = real_redis
    assert len(list(connection.scan_iter(f"{prefix}:*:response:*"))) == 2  # before and after


def test_query_string_order_and_a_partner_key_parameter_do_not_split_entries(client, event):
    client.get("/feeds/events.json", {"audience": "", "limit": "5"})

    reordered = client.get("/feeds/events.json?limit=5&audience=")

    assert reordered["X-Cache"] == "hit"


def test_graphql_layout_and_comments_do_not_split_entries_but_variables_do(client, event):
    compact = api(client, EVENT_QUERY, {"slug": "bousai"})
    spread = api(
        client,
        "# the detail page\nquery One($slug: String!) {\n  event(slug: $slug) {\n"
        "    title\n    venue { name }\n  }\n}\n",
        {"slug": "bousai"},
    )
    other = api(client, EVENT_QUERY, {"slug": "other"})

    assert [compact["X-Cache"], spread["X-Cache"], other["X-Cache"]] == ["miss", "hit", "miss"]
    assert spread.json() == compact.json()


def test_graphql_get_and_post_share_an_entry_and_only_get_is_marked_public(client, event):
    posted = api(client, EVENT_QUERY, {"slug": "bousai"})
    fetched = api(client, EVENT_QUERY, {"slug": "bousai"}, method="get")

    assert (posted["X-Cache"], fetched["X-Cache"]) == ("miss", "hit")
    assert (posted.has_header("ETag"), posted.has_header("Cache-Control")) == (False, False)
    assert fetched["Cache-Control"] == API_CACHE_CONTROL


def test_a_cached_graphql_get_costs_no_sql(client, event):
    api(client, EVENT_QUERY, {"slug": "bousai"}, method="get")

    with CaptureQueriesContext(connection) as queries:
        response = api(client, EVENT_QUERY, {"slug": "bousai"}, method="get")

    assert (response["X-Cache"], len(queries.captured_queries)) == ("hit", 0)


def test_partners_are_kept_apart_from_anonymous_callers(client, event):
    partner = Partner(name="鎌ケ谷市立第一中学校")
    key = partner.issue_key()
    partner.save()
    api(client, EVENT_QUERY, {"slug": "bousai"})

    with_key = api(client, EVENT_QUERY, {"slug": "bousai"}, **{"X-Api-Key": key})

    assert with_key["X-Cache"] == "miss"


def test_errors_are_never_kept(client, event):
    first = api(client, "{ event(slug: 1) { title } }", {})
    second = api(client, "{ event(slug: 1) { title } }", {})
    missing = client.get("/events/nothing-here/")

    assert (first.status_code, second.status_code) == (400, 400)
    assert not second.has_header("X-Cache") and not missing.has_header("X-Cache")


# What is never kept.


def test_a_view_restricted_page_is_never_kept_nor_served_from_an_earlier_copy(client, event):
    assert client.get("/events/bousai/")["X-Cache"] == "miss"
    PageViewRestriction.objects.create(
        page=event, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )

    first = client.get("/events/bousai/")
    second = client.get("/events/bousai/")

    assert 'name="password"' in second.content.decode()
    assert not first.has_header("X-Cache") and not second.has_header("X-Cache")
    assert "no-store" in second["Cache-Control"] and "private" in second["Cache-Control"]


def test_editors_with_a_session_always_get_a_fresh_page_that_is_never_kept(
    client, admin_client, event
):
    editor = admin_client.get("/events/bousai/")
    visitor = client.get("/events/bousai/")

    assert not editor.has_header("X-Cache")
    assert visitor["X-Cache"] == "miss"


def test_admin_pages_and_previews_are_private_and_never_kept(admin_client, event):
    dashboard = admin_client.get("/admin/")
    preview = admin_client.get(f"/admin/pages/{event.pk}/edit/preview/")

    for response in (dashboard, preview):
        assert response.status_code == 200
        assert "private" in response["Cache-Control"] and not response.has_header("X-Cache")


def test_a_preview_query_is_private_and_never_kept(client, event):
    query = "query P($token: String!) { pagePreview(token: $token) { title } }"
    token = make_preview_token(event)

    first = api(client, query, {"token": token}, method="get")
    second = api(client, query, {"token": token}, method="get")

    assert first.json() == {"data": {"pagePreview": {"title": "防災講座"}}}
    assert second["Cache-Control"] == "private, no-store"
    assert not second.has_header("X-Cache") and not second.has_header("ETag")


# Every kind of content change empties the cache at once.


def test_publishing_a_change_shows_at_once(client, event):
    client.get("/events/bousai/")
    api(client, EVENT_QUERY, {"slug": "bousai"})

    publish_title(event, "防災講座（改訂）")

    page = client.get("/events/bousai/")
    data = api(client, EVENT_QUERY, {"slug": "bousai"}).json()
    assert page["X-Cache"] == "miss" and "防災講座（改訂）" in page.content.decode()
    assert data["data"]["event"]["title"] == "防災講座（改訂）"


def test_unpublishing_removes_the_page_and_its_list_entry_at_once(client, event):
    client.get("/events/bousai/")
    listed = client.get("/events/")
    assert "防災講座" in listed.content.decode()

    event.unpublish()

    assert client.get("/events/bousai/").status_code == 404
    assert "防災講座" not in client.get("/events/").content.decode()


def test_deleting_a_page_removes_it_at_once(client, event):
    client.get("/events/bousai/")

    event.delete()

    assert client.get("/events/bousai/").status_code == 404


def test_moving_a_page_replaces_the_generation(event):
    before = current_generation()

    event.move(section(EventIndexPage), pos="first-child")

    assert current_generation() != before


def test_editing_a_venue_snippet_shows_at_once(client, event):
    client.get("/events/bousai/")

    venue = Venue.objects.get(pk=event.venue_id)
    venue.name = "中央公民館（改修後）"
    venue.save()

    assert "中央公民館（改修後）" in client.get("/events/bousai/").content.decode()


def test_editing_an_image_shows_at_once(client, event):
    image = ImageFactory(description="訓練の様子")
    event.image = image
    event.save_revision().publish()
    query = "query I($slug: String!) { event(slug: $slug) { image { alt } } }"
    assert api(client, query, {"slug": "bousai"}).json()["data"]["event"]["image"] == {
        "alt": "訓練の様子"
    }

    image.description = "消火器を使う訓練の様子"
    image.save()

    assert api(client, query, {"slug": "bousai"}).json()["data"]["event"]["image"] == {
        "alt": "消火器を使う訓練の様子"
    }


def test_scheduled_publishing_shows_at_once(client, home_page):
    ContactSettings.load()
    notice = NoticePage(title="窓口時間の変更", slug="madoguchi", body="<p>変更</p>", live=False)
    section(NoticeIndexPage).add_child(instance=notice)
    notice.go_live_at = timezone.now() - dt.timedelta(minutes=1)
    notice.save_revision(approved_go_live_at=notice.go_live_at)
    assert "窓口時間の変更" not in client.get("/notices/").content.decode()
    assert client.get("/notices/")["X-Cache"] == "hit"

    call_command("publish_scheduled")

    response = client.get("/notices/")
    assert response["X-Cache"] == "miss" and "窓口時間の変更" in response.content.decode()


def test_a_new_rendition_does_not_empty_the_cache(event):
    image = ImageFactory()
    before = current_generation()

    image.get_rendition("fill-100x100")

    assert current_generation() == before


def test_the_generation_is_replaced_again_when_the_transaction_commits(
    event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publish_title(event, "防災講座（第2回）")
    published = current_generation()

    for callback in callbacks:
        callback()

    assert callbacks and current_generation() != published


# An unreachable cache means uncached responses, never errors.


def test_an_unreachable_redis_serves_every_request_uncached(client, event, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "caching.backends.FailSafeRedisCache",
            # Nothing listens on port 1: connections are refused at once.
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }

    page = client.get("/events/bousai/")
    data = api(client, EVENT_QUERY, {"slug": "bousai"})
    publish_title(event, "防災講座（改訂）")

    assert (page.status_code, page.has_header("X-Cache")) == (200, False)
    assert data.json() == {
        "data": {"event": {"title": "防災講座", "venue": {"name": event.venue.name}}}
    }


# Details a shared cache gets wrong easily.


def test_a_key_parameter_is_part_of_a_page_entry_but_not_of_a_feed_entry(client, event):
    client.get("/events/")
    client.get("/feeds/events.json")

    page = client.get("/events/", {"key": "anything"})
    feed = client.get("/feeds/events.json", {"key": ""})

    assert (page["X-Cache"], feed["X-Cache"]) == ("miss", "hit")


def test_an_editors_page_is_marked_private_for_every_cache(admin_client, event):
    response = admin_client.get("/events/bousai/")

    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_a_partners_answer_is_private_and_every_api_answer_varies_by_origin(client, event):
    partner = Partner(name="鎌ケ谷市立第二中学校")
    key = partner.issue_key()
    partner.save()

    anonymous = api(client, EVENT_QUERY, {"slug": "bousai"}, method="get")
    with_key = api(client, EVENT_QUERY, {"slug": "bousai"}, method="get", **{"X-Api-Key": key})

    assert anonymous["Cache-Control"] == API_CACHE_CONTROL
    assert with_key["Cache-Control"] == "max-age=30, stale-while-revalidate=60, private"
    assert "Origin" in anonymous["Vary"] and "Origin" in with_key["Vary"]


def test_saving_a_draft_of_a_live_page_keeps_the_cache(client, event):
    client.get("/events/bousai/")

    event.title = "防災講座（下書き）"
    event.save_revision()

    response = client.get("/events/bousai/")
    assert response["X-Cache"] == "hit" and "防災講座（下書き）" not in response.content.decode()


def test_editing_a_document_empties_the_cache(event):
    before = current_generation()

    Document.objects.create(title="申込書", file=ContentFile(b"form", name="form.pdf"))

    assert current_generation() != before


def test_a_change_the_cache_could_not_be_told_of_is_announced_before_serving_again(
    client, event, monkeypatch
):
    client.get("/events/bousai/")
    backend = caches["default"]

    def refuse(*args, **kwargs):
        raise ConnectionError("cache unreachable")

    monkeypatch.setattr(backend, "set", refuse)
    publish_title(event, "防災講座（改訂）")
    while_refused = client.get("/events/bousai/")
    monkeypatch.delattr(backend, "set")
    monkeypatch.setattr(_PendingBump, "retry_at", 0.0)

    after = client.get("/events/bousai/")

    assert not while_refused.has_header("X-Cache")
    assert after["X-Cache"] == "miss" and "防災講座（改訂）" in after.content.decode()
