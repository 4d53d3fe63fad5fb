"""Generated operations against /graphql/, by POST and by GET, and persisted queries with
generated variables: every answer is a 200 or a readable 4xx, and never shows hidden content."""

import json

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from .conftest import fuzz_settings
from .graphql_strategies import Vocabulary, operations, persisted_calls
from .properties import assert_graphql_answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def vocabulary(site_content):
    return Vocabulary.of(site_content)


def answered(response):
    """The response's properties checked; its outcome counted in the hypothesis statistics."""
    body = assert_graphql_answer(response)
    event("answered with data" if response.status_code == 200 else "refused with 4xx")
    return body


def post(client, body):
    # ensure_ascii: a lone surrogate reaches the server as the escape \ud800, as from a browser.
    return client.post("/graphql/", json.dumps(body), content_type="application/json")


@fuzz_settings(examples=1000)
@given(data=st.data())
def test_generated_operations_by_post(fuzz_client, vocabulary, data):
    operation = data.draw(operations(vocabulary), label="operation")

    answered(post(fuzz_client, operation.body()))


@fuzz_settings(examples=350)
@given(data=st.data())
def test_generated_operations_by_get(fuzz_client, vocabulary, data):
    operation = data.draw(operations(vocabulary), label="operation")
    parameters = {"query": operation.document, "variables": json.dumps(operation.variables)}
    if operation.operation_name is not None:
        parameters["operationName"] = operation.operation_name

    answered(fuzz_client.get("/graphql/", parameters))


@fuzz_settings(examples=300)
@given(data=st.data(), by_get=st.booleans())
def test_persisted_queries_with_generated_variables(fuzz_client, vocabulary, data, by_get):
    identifier, variables = data.draw(persisted_calls(vocabulary), label="call")
    if by_get:
        response = fuzz_client.get(
            "/graphql/", {"id": identifier, "variables": json.dumps(variables)}
        )
    else:
        response = post(fuzz_client, {"id": identifier, "variables": variables})

    answered(response)
