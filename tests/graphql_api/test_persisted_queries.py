"""Persisted queries: every registered document is valid, and consumers call them by name or hash."""

import datetime as dt
import json

import pytest
from django.utils import timezone
from graphql import parse, validate

from graphql_api.persisted import FOLDER, find_persisted, read_registry, registered_names
from graphql_api.schema import schema
from home.loading.site import section
from home.models import EventIndexPage
from tests.factories import event_with_sessions

EXPECTED_NAMES = ["EventDetail", "EventList", "ForStudents", "SignageScreen"]


def test_the_registry_holds_each_file_under_its_name_and_its_hash():
    registry = read_registry()

    assert registered_names() == EXPECTED_NAMES
    assert sorted(path.stem for path in FOLDER.glob("*.graphql")) == EXPECTED_NAMES
    assert len(registry) == 2 * len(EXPECTED_NAMES)
    for name in EXPECTED_NAMES:
        assert registry[registry[name].sha256] is registry[name]


@pytest.mark.parametrize("name", EXPECTED_NAMES)
def test_each_document_is_valid_against_the_schema_and_named_after_its_file(name):
    document = parse(find_persisted(name).document)

    assert validate(schema._schema, document) == []
    operations = [
        definition.name.value
        for definition in document.definitions
        if hasattr(definition, "operation")
    ]
    assert operations == [name]


@pytest.fixture
def event(home_page):
    starts_at = timezone.now() + dt.timedelta(days=2)
    return event_with_sessions(
        section(EventIndexPage), (starts_at, starts_at + dt.timedelta(hours=2)), title="清掃活動"
    )


def test_a_persisted_query_by_name_answers_as_the_document_would(client, event):
    variables = {"slug": event.slug}
    by_name = client.get("/graphql/", {"id": "EventDetail", "variables": json.dumps(variables)})
    by_document = client.post(
        "/graphql/",
        {"query": find_persisted("EventDetail").document, "variables": variables},
        content_type="application/json",
    )

    assert by_name.status_code == 200
    assert by_name.json() == by_document.json()
    assert by_name.json()["data"]["event"]["title"] == event.title


def test_a_persisted_query_by_apollo_hash_answers_too(client, event):
    persisted = find_persisted("EventDetail")
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": persisted.sha256}}

    response = client.get(
        "/graphql/",
        {"extensions": json.dumps(extensions), "variables": json.dumps({"slug": event.slug})},
    )

    assert response.json()["data"]["event"]["title"] == event.title


def test_an_unknown_id_is_a_400_naming_the_registered_queries(client, db):
    response = client.get("/graphql/", {"id": "AllTheThings"})

    assert (response.status_code, response.json()) == (
        400,
        {
            "errors": [
                {
                    "message": "Unknown persisted query 'AllTheThings'. Registered queries: "
                    "EventDetail, EventList, ForStudents, SignageScreen. "
                    "See docs/api.md for how to register one.",
                    "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"},
                }
            ]
        },
    )


def test_a_query_and_an_id_together_are_refused(client, db):
    response = client.get("/graphql/", {"id": "EventList", "query": "{ __typename }"})

    assert (response.status_code, response.json()) == (
        400,
        {"errors": [{"message": "Send either `query` or a persisted query `id`, not both."}]},
    )


def test_a_persisted_query_by_get_from_curl_or_fetch_gets_json_not_the_ide(client, event):
    # curl and fetch() send Accept: */*, which strawberry takes as a browser asking for GraphiQL.
    response = client.get(
        "/graphql/",
        {"id": "EventDetail", "variables": json.dumps({"slug": event.slug})},
        headers={"Accept": "*/*"},
    )

    assert (response.status_code, response["Content-Type"]) == (200, "application/json")
    assert response.json()["data"]["event"]["title"] == event.title
