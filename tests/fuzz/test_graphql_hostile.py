"""Hand-made hostile requests to /graphql/: malformed bodies, abusive documents, persisted-query
misuse. Each is answered with the exact 4xx and message a client can act on, and passes the
property every API response must (properties.assert_graphql_answer)."""

import gzip
import json

import pytest

from graphql_api.limits import MAX_ALIASES, MAX_DEPTH, MAX_TOKENS
from graphql_api.request_data import MAX_QUERY_LENGTH

from .properties import assert_graphql_answer, is_readable_english

pytestmark = pytest.mark.django_db

NOT_JSON = "Unable to parse request body as JSON."
NOT_AN_OBJECT = "The request body must be a JSON object."
NOT_JSON_CONTENT = "Unsupported content type: send the request as application/json."
UNKNOWN_PERSISTED = (
    "Unknown persisted query '{}'. Registered queries: EventDetail, EventList, ForStudents, "
    "SignageScreen. See docs/api.md for how to register one."
)
NOTICES = "{ notices { totalCount } }"


def nested(depth):
    """`events { results { organisers { events { … title } } } }`, depth fields deep."""
    fields = ["events", "results", *(["organisers", "events"] * depth)][: depth - 1]
    selection = "title"
    for field in reversed(fields):
        selection = f"{field} {{ {selection} }}"
    return f"{{ {selection} }}"


def fragment_chain(length):
    """A chain of fragments each spreading the next: depth hidden behind names."""
    fragments = [
        f"fragment F{i} on Event {{ organisers {{ events {{ ...F{i + 1} }} }} }}"
        for i in range(length)
    ]
    fragments.append(f"fragment F{length} on Event {{ title }}")
    return "{ events { results { ...F0 } } } " + " ".join(fragments)


BODIES = {
    "not JSON": (b"query { notices }", 400, NOT_JSON),
    "empty object": (b"{}", 400, "No GraphQL query found in the request"),
    "JSON array (a batch)": (
        json.dumps([{"query": NOTICES}, {"query": NOTICES}]).encode(),
        400,
        NOT_AN_OBJECT,
    ),
    "JSON string": (json.dumps(NOTICES).encode(), 400, NOT_AN_OBJECT),
    "JSON number": (b"1e999", 400, NOT_AN_OBJECT),
    "gzip garbage": (gzip.compress(b'{"query": "{ notices { totalCount } }"}'), 400, NOT_JSON),
    "bytes that are not UTF-8": (b'{"query": "\xff\xfe"}', 400, NOT_JSON),
    "query not a string": (b'{"query": 42}', 400, "`query` must be a string or null."),
    "query a list": (b'{"query": ["{ notices }"]}', 400, "`query` must be a string or null."),
    "variables not an object": (
        json.dumps({"query": NOTICES, "variables": "{}"}).encode(),
        400,
        "`variables` must be an object or null.",
    ),
    "variables a list": (
        json.dumps({"query": NOTICES, "variables": [1]}).encode(),
        400,
        "`variables` must be an object or null.",
    ),
    "operationName not a string": (
        json.dumps({"query": NOTICES, "operationName": 1}).encode(),
        400,
        "`operationName` must be a string or null.",
    ),
    "extensions not an object": (
        json.dumps({"query": NOTICES, "extensions": "x"}).encode(),
        400,
        "`extensions` must be an object or null.",
    ),
    "NUL in a variable": (
        json.dumps({"query": NOTICES, "variables": {"slug": "a\x00"}}).encode(),
        400,
        "`variables` contains a NUL character (\\u0000), which no field accepts.",
    ),
    "unpaired surrogate in a variable": (
        json.dumps({"query": NOTICES, "variables": {"slug": "\ud800"}}).encode(),
        400,
        "`variables` contains an unpaired surrogate (\\ud800), which is not valid Unicode.",
    ),
    "unpaired surrogate in a variable's name": (
        json.dumps({"query": NOTICES, "variables": {"\udfff": 1}}).encode(),
        400,
        "`variables` contains an unpaired surrogate (\\udfff), which is not valid Unicode.",
    ),
    "unpaired surrogate in the operation name": (
        json.dumps({"query": NOTICES, "operationName": "\ud800"}).encode(),
        400,
        "`operationName` contains an unpaired surrogate (\\ud800), which is not valid Unicode.",
    ),
    "unknown persisted query": (
        json.dumps({"id": "nope"}).encode(),
        400,
        UNKNOWN_PERSISTED.format("nope"),
    ),
    "Apollo hash not a string": (
        json.dumps({"extensions": {"persistedQuery": {"sha256Hash": 1}}}).encode(),
        400,
        "`extensions.persistedQuery.sha256Hash` must be a string.",
    ),
    "persisted id and a query": (
        json.dumps({"id": "EventList", "query": NOTICES}).encode(),
        400,
        "Send either `query` or a persisted query `id`, not both.",
    ),
    "a query over the length limit": (
        json.dumps({"query": NOTICES + " " * MAX_QUERY_LENGTH}).encode(),
        400,
        f"The query is too long: at most {MAX_QUERY_LENGTH:,} characters.",
    ),
}

DOCUMENTS = {
    "unknown operationName": (
        NOTICES,
        {"operationName": "Missing"},
        400,
        'Unknown operation named "Missing".',
    ),
    "subscription": (
        "subscription { notices { totalCount } }",
        {},
        400,
        "The subscription operation is not supported by the schema.",
    ),
    "deep nesting": (
        nested(MAX_DEPTH + 20),
        {},
        400,
        f"'anonymous' exceeds maximum operation depth of {MAX_DEPTH}",
    ),
    "deep nesting hidden in a chain of fragments": (
        fragment_chain(30),
        {},
        400,
        f"'anonymous' exceeds maximum operation depth of {MAX_DEPTH}",
    ),
    # Three tokens each: the token limit refuses 1,000 aliases before anything counts them.
    "1,000 aliases": (
        "{ " + " ".join(f"a{i}: __typename" for i in range(1000)) + " }",
        {},
        400,
        f"Syntax Error: Document contains more than {MAX_TOKENS} tokens. Parsing aborted.",
    ),
    "600 aliases": (
        "{ " + " ".join(f"a{i}: __typename" for i in range(600)) + " }",
        {},
        400,
        f"600 aliases found. Allowed: {MAX_ALIASES}",
    ),
    "fragment cycle": (
        "{ events { results { ...A } } } "
        "fragment A on Event { organisers { events { ...B } } } "
        "fragment B on Event { organisers { events { ...A } } }",
        {},
        400,
        "Cannot spread fragment 'A' within itself via 'B'.",
    ),
    "a fragment spreading itself": (
        "{ events { results { ...A } } } fragment A on Event { title ...A }",
        {},
        400,
        "Cannot spread fragment 'A' within itself.",
    ),
    "brackets nested as deep as the parser allows": (
        "{ events(filters: {audience: " + "[" * 300 + "]" * 300 + "}) { totalCount } }",
        {},
        400,
        "Syntax Error: Document is nested too deeply. Parsing aborted.",
    ),
    "more tokens than allowed": (
        "{ notices { totalCount" + " a" * MAX_TOKENS + " } }",
        {},
        400,
        f"Syntax Error: Document contains more than {MAX_TOKENS} tokens. Parsing aborted.",
    ),
    "a NUL in a string literal": (
        '{ event(slug: "\\u0000") { title } }',
        {},
        400,
        "A string in the query contains a NUL character (\\u0000), which no field accepts.",
    ),
    "an unpaired surrogate escape in a string literal": (
        '{ event(slug: "\\ud800") { title } }',
        {},
        400,
        "Syntax Error: Invalid Unicode escape sequence: '\\ud800'.",
    ),
    "an unknown directive": (
        "{ notices @evil { totalCount } }",
        {},
        400,
        "Unknown directive '@evil'.",
    ),
    "a thousand repeated @skip directives": (
        "{ notices " + "@skip(if: false) " * 1000 + "{ totalCount } }",
        {},
        400,
        f"Syntax Error: Document contains more than {MAX_TOKENS} tokens. Parsing aborted.",
    ),
    "a variable of the wrong type": (
        "query ($n: Int!) { vision(number: $n) { title } }",
        {"variables": {"n": 2**31}},
        400,
        "Variable '$n' has invalid value: "
        "Int cannot represent non 32-bit signed integer value: 2147483648",
    ),
    "a required variable left out": (
        "query ($slug: String!) { event(slug: $slug) { title } }",
        {},
        400,
        "Variable '$slug' has invalid value: "
        "Expected a value of non-null type 'String!' to be provided.",
    ),
    "introspection nested deeper than the limit": (
        "{ __schema { types { fields { type { fields { type { fields { type { fields "
        "{ type { fields { type { name } } } } } } } } } } } } }",
        {},
        400,
        "Maximum introspection depth exceeded",
    ),
}


def post(client, body, content_type="application/json", **headers):
    return client.post("/graphql/", body, content_type=content_type, headers=headers)


def first_error(response):
    body = assert_graphql_answer(response)
    return response.status_code, body["errors"][0]["message"]


@pytest.mark.parametrize("case", BODIES)
def test_malformed_body_is_refused_readably(fuzz_client, case):
    body, status, message = BODIES[case]

    assert first_error(post(fuzz_client, body)) == (status, message)


def test_an_unknown_apollo_hash_is_refused_in_apollos_words_with_an_english_hint(fuzz_client):
    body = json.dumps({"extensions": {"persistedQuery": {"sha256Hash": "0" * 64}}})

    response = post(fuzz_client, body)

    # Apollo's iOS and Kotlin clients compare the message itself, so the sentence a
    # developer reads is the hint beside it.
    error = response.json()["errors"][0]
    assert (response.status_code, error["message"], error["extensions"]["code"]) == (
        400,
        "PersistedQueryNotFound",
        "PERSISTED_QUERY_NOT_FOUND",
    )
    assert is_readable_english(error["extensions"]["hint"])


@pytest.mark.parametrize("case", DOCUMENTS)
def test_abusive_document_is_refused_readably(fuzz_client, case):
    document, extra, status, message = DOCUMENTS[case]
    body = json.dumps({"query": document, "variables": {}, **extra})

    assert first_error(post(fuzz_client, body)) == (status, message)


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""],
)
def test_body_of_another_content_type_is_refused(fuzz_client, content_type):
    response = post(fuzz_client, json.dumps({"query": NOTICES}), content_type=content_type)

    assert first_error(response) == (415, NOT_JSON_CONTENT)


def test_gzip_encoded_body_is_not_unpacked(fuzz_client):
    body = gzip.compress(json.dumps({"query": NOTICES}).encode())

    response = post(fuzz_client, body, **{"Content-Encoding": "gzip"})

    assert first_error(response) == (400, NOT_JSON)


@pytest.mark.parametrize(
    ("parameters", "message"),
    [
        ({"id": "nope"}, UNKNOWN_PERSISTED.format("nope")),
        ({"id": "\x00"}, "`id` contains a NUL character (\\u0000), which no field accepts."),
        ({"id": "EventList", "variables": "{"}, "Unable to parse `variables` as JSON."),
        ({"query": NOTICES, "variables": "[1]"}, "`variables` must be an object or null."),
        ({"query": "\x00"}, "`query` contains a NUL character (\\u0000), which no field accepts."),
        ({"query": NOTICES, "extensions": "nope"}, "Unable to parse `extensions` as JSON."),
    ],
)
def test_bad_get_parameters_are_refused_readably(fuzz_client, parameters, message):
    assert first_error(fuzz_client.get("/graphql/", parameters)) == (400, message)


def test_full_introspection_is_answered_within_the_limits(fuzz_client):
    from graphql import get_introspection_query

    response = post(fuzz_client, json.dumps({"query": get_introspection_query()}))

    body = assert_graphql_answer(response)
    assert (response.status_code, body["data"]["__schema"]["queryType"]) == (
        200,
        {"name": "Query", "kind": "OBJECT"},
    )


def test_two_operations_without_an_operation_name_are_refused(fuzz_client):
    """The spec asks for an error, and the API gives one (it used to run the first operation)."""
    document = "query A { visions { number } } query B { notices { totalCount } }"

    response = post(fuzz_client, json.dumps({"query": document}))

    assert first_error(response) == (
        400,
        "The document has 2 operations (A, B): name the one to run in `operationName`.",
    )


def test_a_thousand_variables_are_refused_by_the_token_limit(fuzz_client):
    definitions = ", ".join(f"$v{i}: Int" for i in range(1000))
    body = json.dumps({"query": f"query ({definitions}) {{ __typename }}"})

    assert first_error(post(fuzz_client, body)) == (
        400,
        f"Syntax Error: Document contains more than {MAX_TOKENS} tokens. Parsing aborted.",
    )


def test_a_100k_character_variable_is_answered_without_a_fault(fuzz_client):
    body = json.dumps(
        {
            "query": "query ($q: String!) { search(query: $q) { totalCount } }",
            "variables": {"q": "防" * 100_000},
        }
    )

    assert first_error(post(fuzz_client, body)) == (400, "query must be at most 200 characters.")
