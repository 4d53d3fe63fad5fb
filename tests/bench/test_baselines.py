"""The benchmark's baselines serve what the benchmarked GraphQL list serves, so ratios compare
the cost of the same payload: the hand-written view exactly, Wagtail API v2 the same events."""

import datetime as dt
import json
from urllib.parse import urlsplit

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from bench.endpoints import EVENT_LIMIT, WAGTAIL_EVENTS_PATH, graphql_body
from home.loading.demo import load_demo
from home.loading.plan import load_plan, load_taxonomies
from home.loading.site import ensure_site_tree
from jp.time import TOKYO

TODAY = dt.date(2026, 12, 1)
NOON = dt.datetime.combine(TODAY, dt.time(12), tzinfo=TOKYO)
GRAPHQL_LIST_BODY = graphql_body("events_list", {"limit": EVENT_LIMIT})
BASELINE_PATH = "/bench/events.json"

# The demo is loaded once for the class; its tests stay on one worker (xdist_group).
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls("bench.urls"),
    pytest.mark.xdist_group("bench-baselines"),
]


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker):
    """The demo content (more than 50 upcoming events), loaded once and rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        home = ensure_site_tree()
        load_taxonomies()
        load_plan(home)
        load_demo(home, today=TODAY)
        yield home
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def bench_settings(settings):
    # Every request does the full work, and Wagtail's API accepts the list's page size.
    settings.RESPONSE_CACHE_SECONDS = 0
    settings.WAGTAILAPI_LIMIT_MAX = 100


@pytest.fixture(autouse=True)
def at_noon_on_the_demo_day():
    with time_machine.travel(NOON, tick=False):
        yield


def graphql_list(client):
    response = client.post("/graphql/", GRAPHQL_LIST_BODY, content_type="application/json")
    body = response.json()
    assert (response.status_code, body.get("errors")) == (200, None), body
    return body["data"]


def counted_queries(client, request):
    request(client)  # makes the renditions a running server already has
    with CaptureQueriesContext(connection) as captured:
        request(client)
    return len(captured.captured_queries)


def url_path(url):
    return urlsplit(url).path


@pytest.mark.usefixtures("demo")
class TestBaselines:
    def test_the_list_fills_a_whole_page(self, client):
        events = graphql_list(client)["events"]
        assert len(events["results"]) == EVENT_LIMIT < events["totalCount"]

    def test_hand_written_view_returns_the_graphql_data_exactly(self, client):
        expected = graphql_list(client)
        response = client.get(BASELINE_PATH)
        assert response.status_code == 200
        assert json.loads(response.content) == expected

    def test_hand_written_view_runs_as_many_queries_as_the_graphql_list(self, client):
        graphql_count = counted_queries(client, graphql_list)
        baseline_count = counted_queries(client, lambda client: client.get(BASELINE_PATH))
        assert baseline_count == graphql_count

    def test_wagtail_api_lists_the_same_events_in_the_same_order(self, client):
        events = graphql_list(client)["events"]
        wagtail = client.get(WAGTAIL_EVENTS_PATH).json()
        assert [str(item["id"]) for item in wagtail["items"]] == [
            event["id"] for event in events["results"]
        ]
        assert wagtail["meta"]["total_count"] == events["totalCount"]

    def test_wagtail_api_items_have_every_field_of_the_graphql_list(self, client):
        item = client.get(WAGTAIL_EVENTS_PATH).json()["items"][0]
        nested = {
            "sessions": item["sessions"][0].keys(),
            "venue": item["venue"].keys(),
            "audiences": item["audiences"][0].keys(),
            "organisers": item["organisers"][0].keys() | item["organisers"][0]["meta"].keys(),
            "image_card": item["image_card"].keys(),
        }
        assert item.keys() >= {"title", "summary", "status", "status_label", "is_sample"}
        assert item["meta"].keys() >= {"html_url"}
        assert nested["sessions"] >= {"starts_at", "ends_at", "all_day"}
        assert nested["venue"] >= {"name", "address"}
        assert nested["audiences"] >= {"slug", "name"}
        assert nested["organisers"] >= {"title", "html_url"}
        assert nested["image_card"] >= {"url", "width", "height", "alt"}

    def test_wagtail_api_values_match_the_graphql_list_but_for_url_hosts(self, client):
        """Wagtail writes URLs with the Site's or the admin's host, GraphQL with the request's."""

        def as_graphql(item):
            venue, image = item["venue"], item["image_card"]
            return {
                "id": str(item["id"]),
                "title": item["title"],
                "summary": item["summary"],
                "url": url_path(item["meta"]["html_url"]),
                "status": item["status"].upper(),
                "statusLabel": item["status_label"],
                "isSample": item["is_sample"],
                "sessions": [
                    {"startsAt": s["starts_at"], "endsAt": s["ends_at"], "allDay": s["all_day"]}
                    for s in item["sessions"]
                ],
                "venue": venue and {"name": venue["name"], "address": venue["address"]},
                "audiences": [{"slug": a["slug"], "name": a["name"]} for a in item["audiences"]],
                "organisers": [
                    {"name": group["title"], "url": url_path(group["meta"]["html_url"])}
                    for group in item["organisers"]
                ],
                "image": image
                and {
                    "alt": image["alt"],
                    "rendition": {
                        "url": url_path(image["url"]),
                        "width": image["width"],
                        "height": image["height"],
                    },
                },
            }

        def with_url_paths(event):
            image = event["image"]
            return {
                **event,
                "url": url_path(event["url"]),
                "organisers": [
                    {**group, "url": url_path(group["url"])} for group in event["organisers"]
                ],
                "image": image
                and {
                    **image,
                    "rendition": {**image["rendition"], "url": url_path(image["rendition"]["url"])},
                },
            }

        expected = [with_url_paths(event) for event in graphql_list(client)["events"]["results"]]
        wagtail = client.get(WAGTAIL_EVENTS_PATH).json()["items"]
        assert [as_graphql(item) for item in wagtail] == expected
