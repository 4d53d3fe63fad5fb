"""Whatever a consumer sends, /graphql/ answers with a readable JSON error and a 4xx status:
never a 500, a traceback or the name of a Python module."""

import datetime as dt
import json

import pytest

from graphql_api.errors import MASKED_MESSAGE
from graphql_api.schema import MAX_ALIASES, MAX_DEPTH, MAX_TOKENS
from home.models import EventIndexPage, NoticeIndexPage
from jp.time import TOKYO
from tests.factories import NoticePageFactory, event_with_sessions

from .helpers import graphql

INTERNAL_MARKERS = (
    "Traceback",
    'File "',
    ".py",
    "site-packages",
    "strawberry",
    "django",
    "graphql_api",
    "Exception",
    "AttributeError",
    "UnicodeDecodeError",
)
NOT_JSON_MESSAGE = "Unable to parse request body as JSON."


def nested_events_query(depth):
    """`events { results { organisers { events { … title } } } }`, `depth` levels below `events`."""
    relations = ["organisers", "events"] * depth
    fields = ["events", "results", *relations[: depth - 2], "title"]
    selection = fields[-1]
    for field in reversed(fields[:-1]):
        selection = f"{field} {{ {selection} }}"
    return f"{{ {selection} }}"


def aliased_notices_query(count):
    return "{ " + " ".join(f"n{i}: notices {{ totalCount }}" for i in range(count)) + " }"


UNKNOWN_FIELD_QUERY = "{ eventz { title } }"
ACTION_BY_NUMBER_QUERY = "query ($n: Int!) { action(number: $n) { title } }"
MUTATION_QUERY = "mutation { x }"
NOTICES_QUERY = "{ notices { totalCount results { title } } }"
# As deep as allowed and inside the cost budget: one event per page down a group's chain of
# co-organisers, ending in a picture (1 + 1 + 10 + 10 + 100 + 100 + 1,000 × 4 = 4,222).
DEPTH_AT_LIMIT_QUERY = (
    '{ group(slug: "none") { events(pagination: {limit: 1}) { organisers { '
    "events(pagination: {limit: 1}) { organisers { events(pagination: {limit: 1}) { organisers { "
    "events(pagination: {limit: 1}) { image { rendition(preset: CARD) { url } } } } } } } } } } }"
)
TOO_DEEP_QUERY = nested_events_query(MAX_DEPTH + 1)
ALIASES_AT_LIMIT_QUERY = aliased_notices_query(MAX_ALIASES)
TOO_MANY_ALIASES_QUERY = aliased_notices_query(MAX_ALIASES + 1)
# Short names, so the document is over the token limit but under the length limit.
TOO_MANY_TOKENS_QUERY = "{ notices { totalCount" + " a" * MAX_TOKENS + " } }"
PAGINATED_QUERIES = {
    "events": "query ($p: OffsetPaginationInput) { events(pagination: $p) { totalCount } }",
    "groups": "query ($p: OffsetPaginationInput) { groups(pagination: $p) { totalCount } }",
    "notices": "query ($p: OffsetPaginationInput) { notices(pagination: $p) { totalCount } }",
    "search": 'query ($p: OffsetPaginationInput) { search(query: "防災", pagination: $p) { totalCount } }',
}
EVENTS_BETWEEN_QUERY = """
query ($from: Date!, $to: Date!) {
  events(filters: {dateFrom: $from, dateTo: $to}) { totalCount }
}
"""
PAGE_BY_PATH_QUERY = "query ($path: String!) { page(urlPath: $path) { title } }"
SEARCH_QUERY = "query ($q: String!) { search(query: $q) { totalCount } }"
EVENT_QUERY = "query ($slug: String!) { event(slug: $slug) { title summary } }"


def assert_no_internals(text):
    assert [marker for marker in INTERNAL_MARKERS if marker in text] == []


def rejected(response):
    """(status, body) of a response whose JSON body reveals nothing of the server's code."""
    assert response["Content-Type"].startswith("application/json")
    assert_no_internals(response.content.decode())
    return response.status_code, response.json()


def graphql_rejected(client, query, variables=None):
    """(status, body) of a POSTed query whose answer reveals nothing of the server's code."""
    status, body = graphql(client, query, variables)
    assert_no_internals(json.dumps(body, ensure_ascii=False))
    return status, body


def post_body(client, body, **extra):
    return client.post("/graphql/", body, content_type="application/json", **extra)


@pytest.mark.django_db
def test_malformed_json_body_is_rejected(client):
    response = post_body(client, b'{"query": "{ notices { totalCount } }"')

    assert rejected(response) == (400, {"errors": [{"message": NOT_JSON_MESSAGE}]})


@pytest.mark.django_db
def test_body_that_is_not_utf8_is_rejected(client):
    response = post_body(client, b'{"query": "{ notices { totalCount } }\xff"}')

    assert rejected(response) == (400, {"errors": [{"message": NOT_JSON_MESSAGE}]})


@pytest.mark.django_db
@pytest.mark.parametrize("body", [b"42", b'"{ notices { totalCount } }"', b"null"])
def test_json_body_that_is_not_an_object_is_rejected(client, body):
    response = post_body(client, body)

    assert rejected(response) == (
        400,
        {"errors": [{"message": "The request body must be a JSON object."}]},
    )


@pytest.mark.django_db
def test_empty_json_body_is_rejected(client):
    response = post_body(client, b"", CONTENT_TYPE="application/json")

    assert rejected(response) == (400, {"errors": [{"message": NOT_JSON_MESSAGE}]})


@pytest.mark.django_db
def test_empty_body_without_content_type_is_rejected(client):
    response = client.generic("POST", "/graphql/")

    assert rejected(response) == (
        415,
        {
            "errors": [
                {"message": "Unsupported content type: send the request as application/json."}
            ]
        },
    )


@pytest.mark.django_db
def test_json_body_without_query_is_rejected(client):
    response = post_body(client, {"variables": {}})

    assert rejected(response) == (
        400,
        {"errors": [{"message": "No GraphQL query found in the request"}]},
    )


@pytest.mark.django_db
def test_unknown_field_is_rejected_without_suggestions(client):
    status, body = graphql_rejected(client, UNKNOWN_FIELD_QUERY)

    assert (status, body) == (
        400,
        {
            "data": None,
            "errors": [
                {
                    "message": "Cannot query field 'eventz' on type 'Query'.",
                    "locations": [{"line": 1, "column": 3}],
                }
            ],
        },
    )
    assert "Did you mean" not in body["errors"][0]["message"]


@pytest.mark.django_db
def test_variable_of_the_wrong_type_is_rejected(client):
    assert graphql_rejected(client, ACTION_BY_NUMBER_QUERY, {"n": "abc"}) == (
        400,
        {
            "data": None,
            "errors": [
                {
                    "message": "Variable '$n' has invalid value: "
                    "Int cannot represent non-integer value: 'abc'",
                    "locations": [{"line": 1, "column": 8}],
                }
            ],
        },
    )


@pytest.mark.django_db
def test_mutation_via_get_is_rejected(client):
    response = client.get("/graphql/", {"query": MUTATION_QUERY})

    assert rejected(response) == (
        400,
        {"errors": [{"message": "mutations are not allowed when using GET"}]},
    )


@pytest.mark.django_db
def test_mutation_via_post_is_rejected(client):
    assert graphql_rejected(client, MUTATION_QUERY) == (
        400,
        {
            "data": None,
            "errors": [
                {
                    "message": "The mutation operation is not supported by the schema.",
                    "locations": [{"line": 1, "column": 1}],
                }
            ],
        },
    )


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_methods_other_than_get_and_post_are_not_allowed(client, method):
    response = client.generic(method, "/graphql/", json.dumps({"query": NOTICES_QUERY}))

    assert rejected(response) == (
        405,
        {"errors": [{"message": "GraphQL only supports GET and POST requests."}]},
    )


@pytest.mark.django_db
def test_query_at_the_depth_limit_is_answered(client, home_page):
    assert graphql(client, DEPTH_AT_LIMIT_QUERY) == (200, {"data": {"group": None}})


@pytest.mark.django_db
def test_query_deeper_than_the_limit_is_rejected(client, home_page):
    assert graphql_rejected(client, TOO_DEEP_QUERY) == (
        400,
        {
            "data": None,
            "errors": [
                {
                    "message": f"'anonymous' exceeds maximum operation depth of {MAX_DEPTH}",
                    "locations": [{"line": 1, "column": TOO_DEEP_QUERY.index("title") + 1}],
                }
            ],
        },
    )


@pytest.mark.django_db
def test_query_with_as_many_aliases_as_allowed_is_answered(client, home_page):
    status, body = graphql(client, ALIASES_AT_LIMIT_QUERY)

    assert (status, body) == (
        200,
        {"data": {f"n{i}": {"totalCount": 0} for i in range(MAX_ALIASES)}},
    )


@pytest.mark.django_db
def test_query_with_too_many_aliases_is_rejected(client, home_page):
    assert graphql_rejected(client, TOO_MANY_ALIASES_QUERY) == (
        400,
        {
            "data": None,
            "errors": [{"message": f"{MAX_ALIASES + 1} aliases found. Allowed: {MAX_ALIASES}"}],
        },
    )


@pytest.mark.django_db
def test_query_with_too_many_tokens_is_rejected(client, home_page):
    status, body = graphql_rejected(client, TOO_MANY_TOKENS_QUERY)

    assert (status, body["data"], [error["message"] for error in body["errors"]]) == (
        400,
        None,
        [f"Syntax Error: Document contains more than {MAX_TOKENS} tokens. Parsing aborted."],
    )


@pytest.mark.django_db
@pytest.mark.parametrize("field", PAGINATED_QUERIES)
def test_page_size_above_the_maximum_is_rejected(client, home_page, field):
    assert graphql_rejected(client, PAGINATED_QUERIES[field], {"p": {"limit": 101}}) == (
        400,
        {
            "data": None,
            "errors": [
                {
                    "message": "pagination.limit must be between 1 and 100; got 101.",
                    "locations": [{"line": 1, "column": 37}],
                    "path": [field],
                }
            ],
        },
    )


@pytest.mark.django_db
@pytest.mark.parametrize("field", PAGINATED_QUERIES)
def test_page_size_of_zero_is_rejected(client, home_page, field):
    assert graphql_rejected(client, PAGINATED_QUERIES[field], {"p": {"limit": 0}}) == (
        400,
        {
            "data": None,
            "errors": [
                {
                    "message": "pagination.limit must be between 1 and 100; got 0.",
                    "locations": [{"line": 1, "column": 37}],
                    "path": [field],
                }
            ],
        },
    )


@pytest.mark.django_db
@pytest.mark.parametrize("field", PAGINATED_QUERIES)
def test_negative_offset_is_rejected(client, home_page, field):
    assert graphql_rejected(client, PAGINATED_QUERIES[field], {"p": {"offset": -1}}) == (
        400,
        {
            "data": None,
            "errors": [
                {
                    "message": "pagination.offset must not be negative; got -1.",
                    "locations": [{"line": 1, "column": 37}],
                    "path": [field],
                }
            ],
        },
    )


@pytest.mark.django_db
def test_date_to_before_date_from_is_rejected(client, home_page):
    variables = {"from": "2026-12-05", "to": "2026-12-04"}

    assert graphql_rejected(client, EVENTS_BETWEEN_QUERY, variables) == (
        400,
        {
            "data": None,
            "errors": [
                {
                    "message": "filters.dateTo must not be before filters.dateFrom.",
                    "locations": [{"line": 3, "column": 3}],
                    "path": ["events"],
                }
            ],
        },
    )


@pytest.mark.django_db
def test_over_long_url_path_is_rejected(client, home_page):
    status, body = graphql_rejected(client, PAGE_BY_PATH_QUERY, {"path": "/a" * 501})

    assert (status, body["errors"]) == (
        400,
        [
            {
                "message": "urlPath must be at most 1000 characters.",
                "locations": [{"line": 1, "column": 26}],
                "path": ["page"],
            }
        ],
    )


@pytest.mark.django_db
def test_over_long_search_query_is_rejected(client, home_page):
    assert graphql_rejected(client, SEARCH_QUERY, {"q": "防災" * 101}) == (
        400,
        {
            "data": None,
            "errors": [
                {
                    "message": "query must be at most 200 characters.",
                    "locations": [{"line": 1, "column": 23}],
                    "path": ["search"],
                }
            ],
        },
    )


@pytest.mark.django_db
def test_unexpected_exception_is_masked_and_reported_as_a_server_fault(
    client, home_page, monkeypatch
):
    def fail(query):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr("graphql_api.pages.schema.search_page_ids", fail)

    response = client.post(
        "/graphql/", {"query": SEARCH_QUERY, "variables": {"q": "防災"}}, "application/json"
    )

    assert (response.status_code, response.json()) == (
        500,
        {
            "data": None,
            "errors": [
                {
                    "message": MASKED_MESSAGE,
                    "locations": [{"line": 1, "column": 23}],
                    "path": ["search"],
                }
            ],
        },
    )
    assert [word for word in ("secret", "RuntimeError") if word in response.content.decode()] == []


@pytest.mark.django_db
def test_query_via_get_is_answered(client, home_page):
    NoticePageFactory(parent=NoticeIndexPage.objects.get(), title="臨時休館のお知らせ")

    response = client.get("/graphql/", {"query": NOTICES_QUERY})

    assert (response.status_code, response.json()) == (
        200,
        {"data": {"notices": {"totalCount": 1, "results": [{"title": "臨時休館のお知らせ"}]}}},
    )


@pytest.mark.django_db
def test_graphiql_is_not_served_when_debug_is_off(client):
    # What a browser sends when someone opens the address.
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = client.get("/graphql/", headers={"Accept": accept})

    assert rejected(response) == (404, {"errors": [{"message": "Not Found"}]})
    assert "graphiql" not in response.content.decode().lower()


@pytest.mark.django_db
def test_japanese_text_is_sent_as_utf8_rather_than_escaped(client, home_page):
    start = dt.datetime(2026, 9, 6, 9, 0, tzinfo=TOKYO)
    event_with_sessions(
        EventIndexPage.objects.get(),
        (start, start + dt.timedelta(hours=3)),
        title="地域防災訓練",
        slug="bousai-kunren",
        summary="避難所の開設を体験します。",
    )

    response = client.post(
        "/graphql/",
        {"query": EVENT_QUERY, "variables": {"slug": "bousai-kunren"}},
        "application/json",
    )

    assert (
        response.content
        == (
            '{"data": {"event": {"title": "地域防災訓練", "summary": "避難所の開設を体験します。"}}}'
        ).encode()
    )


def test_deeply_nested_variables_are_a_400_not_a_server_error(client, db):
    nested = "[" * 5000 + "]" * 5000

    by_get = client.get("/graphql/", {"query": "{ __typename }", "variables": nested})
    by_post = client.post(
        "/graphql/", '{"query": "{ __typename }", "variables": ' + nested + "}", "application/json"
    )

    assert rejected(by_get) == (
        400,
        {"errors": [{"message": "Unable to parse `variables` as JSON."}]},
    )
    assert rejected(by_post) == (400, {"errors": [{"message": NOT_JSON_MESSAGE}]})


def test_a_document_over_20000_characters_is_refused_before_parsing(client, db):
    query = "{ __typename }" + " " * 20_000

    response = client.post("/graphql/", {"query": query}, content_type="application/json")

    assert rejected(response) == (
        400,
        {"errors": [{"message": "The query is too long: at most 20,000 characters."}]},
    )


TWO_OPERATIONS = "query Visions { visions { number } } query Notices { notices { totalCount } }"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "document",
    [TWO_OPERATIONS, "query Visions { visions { number } } { notices { totalCount } }"],
    ids=["two-named", "named-and-anonymous"],
)
def test_several_operations_without_an_operation_name_are_refused(client, document):
    """GraphQL spec, GetOperation: nothing runs; before, the first operation was answered."""
    names = "Visions, Notices" if "Notices" in document else "Visions, (anonymous)"
    expected = (
        400,
        {
            "errors": [
                {
                    "message": f"The document has 2 operations ({names}): "
                    "name the one to run in `operationName`."
                }
            ]
        },
    )

    assert rejected(post_body(client, {"query": document})) == expected
    assert rejected(client.get("/graphql/", {"query": document})) == expected


@pytest.mark.django_db
def test_the_named_operation_of_several_is_the_one_that_runs(client, plan):
    by_post = post_body(client, {"query": TWO_OPERATIONS, "operationName": "Visions"})
    by_get = client.get("/graphql/", {"query": TWO_OPERATIONS, "operationName": "Notices"})

    assert (by_post.status_code, by_post.json()) == (
        200,
        {"data": {"visions": [{"number": number} for number in (1, 2, 3, 4)]}},
    )
    assert (by_get.status_code, by_get.json()) == (200, {"data": {"notices": {"totalCount": 0}}})


@pytest.mark.django_db
def test_an_operation_name_the_document_does_not_have_is_refused(client):
    response = post_body(client, {"query": TWO_OPERATIONS, "operationName": "Events"})

    assert rejected(response) == (
        400,
        {"errors": [{"message": 'Unknown operation named "Events".'}]},
    )
