"""Automatic persisted queries as Apollo clients make them (graphql_api/apq.py): an unknown hash
answers PersistedQueryNotFound, the whole document with its hash registers it, and later GETs by
hash are answered with ETag and HTTP caching, by every server sharing Redis."""

import datetime as dt
import hashlib
import json

import pytest
import redis
import requests
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from graphql_api import apq
from graphql_api.persisted import find_persisted
from graphql_api.request_data import MAX_QUERY_LENGTH
from home.loading.site import ensure_site_tree, section
from home.models import EventIndexPage
from tests.app_servers import app_server
from tests.factories import event_with_sessions

# Redis database 7, emptied first; test_apollo_client.py uses it too, in the same xdist group.
APP_SERVER_REDIS = "redis://127.0.0.1:6379/7"
EVENT_TITLE = "query EventTitle($slug: String!) { event(slug: $slug) { title } }"
EVENT_TITLE_HASH = hashlib.sha256(EVENT_TITLE.encode()).hexdigest()
NOT_FOUND_HINT = (
    "No document is registered under the hash '{}'. Send the request again by POST with the "
    "whole document in `query` to register it for 24 hours, or call one of the city's persisted "
    "queries: EventDetail, EventList, ForStudents, SignageScreen. See docs/api.md."
)


def not_found(sha256):
    return {
        "errors": [
            {
                "message": "PersistedQueryNotFound",
                "extensions": {
                    "code": "PERSISTED_QUERY_NOT_FOUND",
                    "hint": NOT_FOUND_HINT.format(sha256),
                },
            }
        ]
    }


def apollo_extensions(sha256):
    return {"persistedQuery": {"version": 1, "sha256Hash": sha256}}


def by_hash(sha256, variables):
    """The parameters of Apollo's GET for a hashed query (useGETForHashedQueries)."""
    return {
        "operationName": "EventTitle",
        "variables": json.dumps(variables),
        "extensions": json.dumps(apollo_extensions(sha256)),
    }


def registration(query, sha256, variables):
    """The body of Apollo's POST after PersistedQueryNotFound: the document and its hash."""
    return {
        "operationName": "EventTitle",
        "query": query,
        "variables": variables,
        "extensions": apollo_extensions(sha256),
    }


def post(client, body):
    return client.post("/graphql/", body, content_type="application/json")


@pytest.fixture(autouse=True)
def empty_store():
    cache.clear()


def cleaning_event():
    """A public event two days ahead, whatever day the tests run."""
    starts_at = timezone.now() + dt.timedelta(days=2)
    return event_with_sessions(
        section(EventIndexPage),
        (starts_at, starts_at + dt.timedelta(hours=2)),
        title="清掃活動",
        slug="seisou",
    )


@pytest.fixture
def event(home_page):
    return cleaning_event()


def test_an_unknown_hash_by_get_answers_persisted_query_not_found(client, db):
    response = client.get("/graphql/", by_hash(EVENT_TITLE_HASH, {"slug": "seisou"}))

    assert (response.status_code, response.json()) == (400, not_found(EVENT_TITLE_HASH))


def test_an_unknown_hash_by_post_without_a_query_answers_the_same(client, db):
    response = post(client, {"extensions": apollo_extensions("f" * 64)})

    assert (response.status_code, response.json()) == (400, not_found("f" * 64))


def test_a_registration_whose_hash_is_not_the_querys_is_refused_and_not_kept(client, db):
    response = post(client, registration(EVENT_TITLE, "0" * 64, {"slug": "seisou"}))

    assert (response.status_code, response.json()) == (
        400,
        {
            "errors": [
                {
                    "message": "provided sha does not match query: "
                    "`extensions.persistedQuery.sha256Hash` must be the SHA-256 of `query` "
                    "exactly as sent (its UTF-8 bytes, in lowercase hex)."
                }
            ]
        },
    )
    assert (apq.registered_document("0" * 64), apq.registered_document(EVENT_TITLE_HASH)) == (
        None,
        None,
    )


def test_a_registration_over_the_length_limit_is_refused_and_not_kept(client, db):
    query = EVENT_TITLE + " " * MAX_QUERY_LENGTH
    sha256 = hashlib.sha256(query.encode()).hexdigest()

    response = post(client, registration(query, sha256, {"slug": "seisou"}))

    assert (response.status_code, response.json()) == (
        400,
        {"errors": [{"message": "The query is too long: at most 20,000 characters."}]},
    )
    assert apq.registered_document(sha256) is None


def test_a_registration_in_another_version_is_refused(client, db):
    body = registration(EVENT_TITLE, EVENT_TITLE_HASH, {"slug": "seisou"})
    body["extensions"]["persistedQuery"]["version"] = 2

    response = post(client, body)

    assert (response.status_code, response.json()) == (
        400,
        {
            "errors": [
                {
                    "message": "Unsupported persisted query version: "
                    "`extensions.persistedQuery.version` must be 1."
                }
            ]
        },
    )


def test_a_document_that_does_not_validate_is_answered_but_not_kept(client, db):
    query = "query EventTitle { event(slug: 1) { nope } }"
    sha256 = hashlib.sha256(query.encode()).hexdigest()

    registered = post(client, registration(query, sha256, {}))
    later = client.get("/graphql/", by_hash(sha256, {}))

    assert (registered.status_code, registered.json()) == (
        400,
        {
            "data": None,
            "errors": [
                {
                    "message": "String cannot represent a non string value: 1",
                    "locations": [{"line": 1, "column": 32}],
                },
                {
                    "message": "Cannot query field 'nope' on type 'Event'.",
                    "locations": [{"line": 1, "column": 37}],
                },
            ],
        },
    )
    assert (later.status_code, later.json()) == (400, not_found(sha256))


def test_a_registered_hash_is_answered_by_get_with_an_etag_then_304(client, event):
    registered = post(client, registration(EVENT_TITLE, EVENT_TITLE_HASH, {"slug": "seisou"}))
    got = client.get("/graphql/", by_hash(EVENT_TITLE_HASH, {"slug": "seisou"}))
    again = client.get(
        "/graphql/",
        by_hash(EVENT_TITLE_HASH, {"slug": "seisou"}),
        headers={"If-None-Match": got["ETag"]},
    )

    assert (registered.status_code, registered.json()) == (
        200,
        {"data": {"event": {"title": "清掃活動"}}},
    )
    assert (got.status_code, got.json()) == (200, registered.json())
    assert (got["ETag"].startswith('"'), got["Cache-Control"]) == (
        True,
        "public, max-age=30, stale-while-revalidate=60",
    )
    assert (again.status_code, again.content, again["ETag"]) == (304, b"", got["ETag"])
    assert apq.registered_document(EVENT_TITLE_HASH) == EVENT_TITLE


def test_a_registered_hash_answers_other_variables(client, event):
    post(client, registration(EVENT_TITLE, EVENT_TITLE_HASH, {"slug": "seisou"}))

    other = client.get("/graphql/", by_hash(EVENT_TITLE_HASH, {"slug": "nothing-here"}))

    assert (other.status_code, other.json()) == (200, {"data": {"event": None}})


def test_a_registration_lasts_a_day(client, event):
    registered_at = timezone.now()
    with time_machine.travel(registered_at, tick=False):
        post(client, registration(EVENT_TITLE, EVENT_TITLE_HASH, {"slug": "seisou"}))
    answers = []
    for later in (dt.timedelta(hours=24, seconds=-1), dt.timedelta(hours=24, seconds=1)):
        with time_machine.travel(registered_at + later, tick=False):
            response = client.get("/graphql/", by_hash(EVENT_TITLE_HASH, {"slug": "seisou"}))
        answers.append((response.status_code, response.json()))

    assert answers == [
        (200, {"data": {"event": {"title": "清掃活動"}}}),
        (400, not_found(EVENT_TITLE_HASH)),
    ]


def test_the_citys_persisted_queries_still_answer_by_name_and_hash(client, event):
    detail = find_persisted("EventDetail")
    variables = json.dumps({"slug": "seisou"})

    by_name = client.get("/graphql/", {"id": "EventDetail", "variables": variables})
    by_apollo_hash = client.get(
        "/graphql/",
        {"variables": variables, "extensions": json.dumps(apollo_extensions(detail.sha256))},
    )

    assert (by_name.status_code, by_apollo_hash.status_code) == (200, 200)
    assert by_apollo_hash.json() == by_name.json()
    assert by_name.json()["data"]["event"]["title"] == "清掃活動"


def test_the_citys_persisted_query_wins_over_a_registered_document_under_its_hash(client, event):
    detail = find_persisted("EventDetail")
    cache.set(apq.KEY_PREFIX + detail.sha256, EVENT_TITLE)
    variables = json.dumps({"slug": "seisou"})

    by_apollo_hash = client.get(
        "/graphql/",
        {"variables": variables, "extensions": json.dumps(apollo_extensions(detail.sha256))},
    )
    by_name = client.get("/graphql/", {"id": "EventDetail", "variables": variables})

    # The registered document would answer {"event": {"title": …}} alone.
    assert (by_apollo_hash.status_code, by_apollo_hash.json()) == (200, by_name.json())
    assert by_name.json()["data"]["event"]["title"] == "清掃活動"


def test_sending_a_persisted_query_with_its_hash_does_not_copy_it_into_the_store(client, event):
    detail = find_persisted("EventDetail")

    response = post(
        client,
        {
            "query": detail.document,
            "variables": {"slug": "seisou"},
            "extensions": apollo_extensions(detail.sha256),
        },
    )

    assert response.status_code == 200
    assert apq.registered_document(detail.sha256) is None


# On the wire: two gunicorn servers with the production settings, sharing one Redis.


@pytest.fixture
def server_event():
    ensure_site_tree()
    return cleaning_event()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.xdist_group("apq-app-server")
def test_a_hash_registered_through_one_server_is_answered_by_another(server_event):
    redis.Redis.from_url(APP_SERVER_REDIS).flushdb()
    with (
        app_server(APP_SERVER_REDIS, workers=1, PUBLIC_BASE_URL=settings.PUBLIC_BASE_URL) as first,
        app_server(APP_SERVER_REDIS, workers=1, PUBLIC_BASE_URL=settings.PUBLIC_BASE_URL) as second,
    ):
        unknown = requests.get(
            f"{second}/graphql/", params=by_hash(EVENT_TITLE_HASH, {"slug": "seisou"}), timeout=10
        )
        registered = requests.post(
            f"{first}/graphql/",
            json=registration(EVENT_TITLE, EVENT_TITLE_HASH, {"slug": "seisou"}),
            timeout=10,
        )
        got = requests.get(
            f"{second}/graphql/", params=by_hash(EVENT_TITLE_HASH, {"slug": "seisou"}), timeout=10
        )
        again = requests.get(
            f"{second}/graphql/",
            params=by_hash(EVENT_TITLE_HASH, {"slug": "seisou"}),
            headers={"If-None-Match": got.headers["ETag"]},
            timeout=10,
        )

    answer = {"data": {"event": {"title": "清掃活動"}}}
    assert (unknown.status_code, unknown.json()) == (400, not_found(EVENT_TITLE_HASH))
    assert (registered.status_code, registered.json()) == (200, answer)
    assert (got.status_code, got.json(), got.headers["Cache-Control"]) == (
        200,
        answer,
        "public, max-age=30, stale-while-revalidate=60",
    )
    assert (again.status_code, again.content, again.headers["ETag"]) == (
        304,
        b"",
        got.headers["ETag"],
    )
