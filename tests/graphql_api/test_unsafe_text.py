"""Text no field can hold — a NUL character, an unpaired surrogate — is refused with a 400 where
it enters the API. Found by tests/fuzz: the surrogate failed the response cache's key (a 500),
the NUL failed in PostgreSQL (a masked 500)."""

import json

import pytest
from django.test.utils import override_settings

from .helpers import graphql

pytestmark = pytest.mark.django_db

EVENT_QUERY = "query ($slug: String!) { event(slug: $slug) { title } }"
NUL_IN_VARIABLES = "`variables` contains a NUL character (\\u0000), which no field accepts."


def post_json_text(client, text):
    return client.post("/graphql/", text, content_type="application/json")


def test_a_nul_in_a_variable_is_refused(client, home_page):
    assert graphql(client, EVENT_QUERY, {"slug": "bousai\x00"}) == (
        400,
        {"errors": [{"message": NUL_IN_VARIABLES}]},
    )


@override_settings(RESPONSE_CACHE_SECONDS=60)
def test_an_unpaired_surrogate_is_refused_with_the_response_cache_on(client, home_page):
    # As a browser sends it: the JSON escape, which json.loads turns into a lone surrogate.
    body = '{"query": "query ($slug: String!) { event(slug: $slug) { title } }", ' + (
        '"variables": {"slug": "\\ud800"}}'
    )

    response = post_json_text(client, body)

    assert (response.status_code, response.json()) == (
        400,
        {
            "errors": [
                {
                    "message": "`variables` contains an unpaired surrogate (\\ud800), "
                    "which is not valid Unicode."
                }
            ]
        },
    )


def test_a_nul_in_a_string_literal_is_refused(client, home_page):
    status, body = graphql(client, '{ search(query: "防災\\u0000") { totalCount } }')

    assert (status, body) == (
        400,
        {
            "data": None,
            "errors": [
                {
                    "message": "A string in the query contains a NUL character (\\u0000), "
                    "which no field accepts.",
                    "locations": [{"line": 1, "column": 17}],
                }
            ],
        },
    )


def test_a_nul_in_a_get_variable_is_refused(client, home_page):
    response = client.get(
        "/graphql/", {"query": EVENT_QUERY, "variables": json.dumps({"slug": "\x00"})}
    )

    assert (response.status_code, response.json()) == (
        400,
        {"errors": [{"message": NUL_IN_VARIABLES}]},
    )


def test_ordinary_japanese_text_passes(client, home_page):
    assert graphql(client, EVENT_QUERY, {"slug": "防災訓練🎉"}) == (
        200,
        {"data": {"event": None}},
    )
