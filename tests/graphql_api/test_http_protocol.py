"""GraphQL over HTTP as the spec (graphql.github.io/graphql-over-http) describes it: media types
and their status codes, methods, content types, HEAD, and caches kept apart by Accept."""

import json

import pytest
from django.core.cache import cache

from graphql_api.media_types import GRAPHQL_RESPONSE, NOT_ACCEPTABLE

pytestmark = pytest.mark.django_db

NOTICES = "{ notices { totalCount } }"
NOTICES_DATA = {"data": {"notices": {"totalCount": 0}}}
UNKNOWN_FIELD = "{ eventz { title } }"
UNKNOWN_FIELD_ERROR = {
    "message": "Cannot query field 'eventz' on type 'Query'.",
    "locations": [{"line": 1, "column": 3}],
}
# A bad filter is refused by the field's resolver: execution had started.
BACKWARDS_RANGE = (
    '{ events(filters: {dateFrom: "2027-05-02", dateTo: "2027-05-01"}) { totalCount } }'
)
BACKWARDS_RANGE_ERROR = {
    "message": "filters.dateTo must not be before filters.dateFrom.",
    "locations": [{"line": 1, "column": 3}],
    "path": ["events"],
}


def post(client, query, accept=None):
    headers = {"Accept": accept} if accept else {}
    return client.post(
        "/graphql/", {"query": query}, content_type="application/json", headers=headers
    )


def answer(response):
    return response.status_code, response["Content-Type"], json.loads(response.content)


def test_without_accept_the_answer_is_application_json(client, home_page):
    assert answer(post(client, NOTICES)) == (200, "application/json", NOTICES_DATA)


def test_a_client_preferring_graphql_response_json_gets_it(client, home_page):
    accept = f"{GRAPHQL_RESPONSE}, application/json;q=0.9"
    assert answer(post(client, NOTICES, accept)) == (200, GRAPHQL_RESPONSE, NOTICES_DATA)


def test_a_client_preferring_application_json_gets_it(client, home_page):
    accept = f"application/json, {GRAPHQL_RESPONSE};q=0.5"
    assert answer(post(client, NOTICES, accept)) == (200, "application/json", NOTICES_DATA)


def test_in_graphql_response_json_a_request_error_is_400_without_data(client, home_page):
    assert answer(post(client, UNKNOWN_FIELD, GRAPHQL_RESPONSE)) == (
        400,
        GRAPHQL_RESPONSE,
        {"errors": [UNKNOWN_FIELD_ERROR]},
    )


def test_in_graphql_response_json_a_field_error_is_200_with_data(client, home_page):
    assert answer(post(client, BACKWARDS_RANGE, GRAPHQL_RESPONSE)) == (
        200,
        GRAPHQL_RESPONSE,
        {"data": None, "errors": [BACKWARDS_RANGE_ERROR]},
    )


def test_in_application_json_every_error_is_400(client, home_page):
    assert (
        answer(post(client, UNKNOWN_FIELD)),
        answer(post(client, BACKWARDS_RANGE)),
    ) == (
        (400, "application/json", {"data": None, "errors": [UNKNOWN_FIELD_ERROR]}),
        (400, "application/json", {"data": None, "errors": [BACKWARDS_RANGE_ERROR]}),
    )


def test_a_client_accepting_neither_media_type_gets_406(client):
    assert answer(post(client, NOTICES, "text/html")) == (
        406,
        "application/json",
        {"errors": [{"message": NOT_ACCEPTABLE}]},
    )


def test_a_body_that_is_not_json_is_an_unsupported_media_type(client):
    response = client.post("/graphql/", "query=" + NOTICES, content_type="text/plain")
    assert answer(response) == (
        415,
        "application/json",
        {
            "errors": [
                {"message": "Unsupported content type: send the request as application/json."}
            ]
        },
    )


def test_a_request_error_before_parsing_comes_in_the_asked_media_type(client):
    response = client.post(
        "/graphql/", "{", content_type="application/json", headers={"Accept": GRAPHQL_RESPONSE}
    )
    assert answer(response) == (
        400,
        GRAPHQL_RESPONSE,
        {"errors": [{"message": "Unable to parse request body as JSON."}]},
    )


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE", "OPTIONS"])
def test_other_methods_are_405_naming_the_allowed_ones(client, method):
    response = client.generic(method, "/graphql/", json.dumps({"query": NOTICES}))
    assert (*answer(response), response["Allow"]) == (
        405,
        "application/json",
        {"errors": [{"message": "GraphQL only supports GET and POST requests."}]},
        "GET, HEAD, POST",
    )


def test_head_answers_with_the_headers_of_get_and_no_body(client, home_page):
    get = client.get("/graphql/", {"query": NOTICES})
    head = client.head("/graphql/", {"query": NOTICES})
    same = ("Content-Type", "ETag", "Cache-Control", "Vary")
    assert (head.status_code, head.content, {name: head[name] for name in same}) == (
        200,
        b"",
        {name: get[name] for name in same},
    )


def test_get_answers_vary_by_accept_and_each_media_type_is_cached_apart(
    client, home_page, settings
):
    settings.RESPONSE_CACHE_SECONDS = 60
    cache.clear()

    def get(accept=None):
        headers = {"Accept": accept} if accept else {}
        response = client.get("/graphql/", {"query": NOTICES}, headers=headers)
        return (
            response.status_code,
            response["Content-Type"],
            response["Vary"],
            response["X-Cache"],
        )

    assert [get(), get(GRAPHQL_RESPONSE), get(), get(GRAPHQL_RESPONSE)] == [
        (200, "application/json", "Accept, Origin", "miss"),
        (200, GRAPHQL_RESPONSE, "Accept, Origin", "miss"),
        (200, "application/json", "Accept, Origin", "hit"),
        (200, GRAPHQL_RESPONSE, "Accept, Origin", "hit"),
    ]
