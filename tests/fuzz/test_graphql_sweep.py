"""Every argument of the API, and every field of its input objects, with every dangerous value
of its type: not random, so the values that broke something once are tried everywhere, always."""

import json

import pytest

from .graphql_strategies import swept_operations
from .properties import assert_graphql_answer

pytestmark = pytest.mark.django_db


def test_every_argument_with_every_dangerous_value(fuzz_client):
    failures = []
    for operation in swept_operations():
        body = json.dumps(operation.body())
        response = fuzz_client.post("/graphql/", body, content_type="application/json")
        try:
            assert_graphql_answer(response)
        except AssertionError as failure:
            failures.append(f"{body[:200]}: {str(failure)[:300]}")

    assert not failures, f"{len(failures)} failed:\n" + "\n".join(failures)
