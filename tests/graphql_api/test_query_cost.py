"""Query cost: documents that could return too much are refused before they run, and every list
in the schema has a length the cost analysis knows."""

import datetime as dt

import pytest
from graphql import get_named_type, get_nullable_type, is_list_type, parse

from graphql_api.cost import declared_maximum, declared_price, document_cost
from graphql_api.limits import PARTNER_COST_LIMIT, PUBLIC_COST_LIMIT
from graphql_api.pagination import MAX_LIMIT
from graphql_api.persisted import REGISTRY
from graphql_api.schema import schema
from home.models import EventIndexPage, GroupIndexPage, GroupPage
from home.models.limits import MAX_ORGANISERS, MAX_SESSIONS
from jp.time import TOKYO
from partners.models import Partner
from tests.factories import GroupPageFactory, event_with_sessions

from .helpers import graphql, graphql_data

GRAPHQL_SCHEMA = schema._schema

# The issue's example: events → organisers → events … nine levels, inside the depth limit.
NESTED = """
{ events { results { organisers { events { organisers { events { organisers { events {
  organisers { name } } } } } } } } } }
"""
# 1 page object + 20 events + ×10 organisers + ×20 of their events, and so on down.
NESTED_COST = 1 + 20 + 200 + 4_000 + 40_000 + 800_000 + 8_000_000 + 160_000_000 + 1_600_000_000
# 1 + 100 events × (100 sessions + 10 organisers + 10 audiences + 22 actions + 1 page object)
# + 1 + 100 groups × 20 activity fields: between the public and the partner budget.
PARTNER_SIZED = """
{
  events(pagination: {limit: 100}) {
    results {
      sessions { startsAt } organisers { name } audiences { name } relatedActions { number }
    }
  }
  groups(pagination: {limit: 100}) { results { activityFields { name } } }
}
"""
PARTNER_SIZED_COST = 1 + 100 + 100 * (100 + 10 + 10 + 22) + 1 + 100 + 100 * 20


def cost(query, variables=None, operation_name=None):
    return document_cost(GRAPHQL_SCHEMA, parse(query), operation_name, variables)


def too_costly(cost, limit):
    return {
        "data": None,
        "errors": [
            {
                "message": f"This query could return up to {cost:,} objects, over the limit of "
                f"{limit:,}. Ask for smaller pages (pagination.limit) or fewer nested lists; "
                "docs/api.md explains how the cost is counted.",
                "extensions": {"code": "QUERY_TOO_COSTLY", "cost": cost, "limit": limit},
            }
        ],
    }


def test_lists_cost_their_page_size_and_nested_lists_multiply():
    query = "{ events(pagination: {limit: 5}) { totalCount results { title sessions { uid } } } }"
    assert cost(query) == 1 + 5 + 5 * MAX_SESSIONS


def test_the_page_size_is_read_from_variables_and_defaults_to_20():
    query = "query Q($n: Int) { groups(pagination: {limit: $n}) { results { name } } }"
    assert (cost(query, {"n": 7}), cost(query, {}), cost(query, {"n": None})) == (8, 21, 21)


def test_fragments_cost_what_their_fields_cost():
    inline = '{ page(path: "/") { ... on Event { organisers { name } } } }'
    spread = (
        '{ page(path: "/") { ...Organisers } } fragment Organisers on Event { organisers { name } }'
    )
    assert cost(inline) == cost(spread) == 1 + MAX_ORGANISERS


def test_the_operation_named_in_the_request_is_the_one_priced():
    document = "query Small { visions { number } } query Big { groups { results { name } } }"
    assert (cost(document, operation_name="Small"), cost(document, operation_name="Big")) == (
        4,
        21,
    )


def test_a_signage_screen_is_priced_as_a_whole():
    many = '{ signage(screen: "x") { timeline { slides { rows { badges } } } } }'
    few = '{ signage(screen: "x") { contentVersion } }'
    assert cost(many) == cost(few) == 500


def test_every_registered_query_fits_the_public_budget_at_its_largest_page():
    largest = {"limit": MAX_LIMIT, "screen": "entrance", "slug": "any"}
    costs = {query.name: cost(query.document, largest) for query in set(REGISTRY.values())}
    assert costs == {
        "EventDetail": 149,
        "EventList": 12_401,
        "ForStudents": 5_701,
        "SignageScreen": 500,
    }
    assert max(costs.values()) <= PUBLIC_COST_LIMIT


def schema_lists_without_a_length():
    """(type, field) of every list reachable from Query whose length nothing declares."""
    missing, seen, waiting = [], set(), [GRAPHQL_SCHEMA.query_type]
    while waiting:
        owner = waiting.pop()
        if owner.name in seen or not hasattr(owner, "fields"):
            continue
        seen.add(owner.name)
        for name, field in owner.fields.items():
            if declared_price(field) is not None:
                continue  # nothing inside adds to the cost
            field_type = get_nullable_type(field.type)
            paginated = "pagination" in field.args
            if is_list_type(field_type) and not (
                paginated or declared_maximum(field) or page_results(owner, name)
            ):
                missing.append(f"{owner.name}.{name}")
            named = get_named_type(field_type)
            waiting.extend(
                [named, *GRAPHQL_SCHEMA.get_possible_types(named)]
                if hasattr(named, "fields")
                else []
            )
    return missing


def page_results(owner, name):
    """`results` of a page object that only paginated fields return (EventList, …)."""
    returning = [
        field
        for parent in GRAPHQL_SCHEMA.type_map.values()
        if hasattr(parent, "fields") and not parent.name.startswith("__")
        for field in parent.fields.values()
        if get_named_type(field.type) is owner
    ]
    return name == "results" and returning and all("pagination" in f.args for f in returning)


def test_every_list_in_the_schema_has_a_known_length():
    assert schema_lists_without_a_length() == []


@pytest.mark.django_db
def test_the_nested_query_is_refused_with_its_cost_before_any_sql(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        status, body = graphql(client, NESTED)
    assert (status, body) == (400, too_costly(NESTED_COST, PUBLIC_COST_LIMIT))


@pytest.mark.django_db
def test_a_partner_key_buys_the_larger_budget(client, home_page):
    partner = Partner(name="鎌ケ谷市立第一中学校", rate_limit_per_minute=100)
    key = partner.issue_key()
    partner.save()
    anonymous = graphql(client, PARTNER_SIZED)
    response = client.post(
        "/graphql/",
        {"query": PARTNER_SIZED},
        content_type="application/json",
        headers={"X-Api-Key": key},
    )
    assert PUBLIC_COST_LIMIT < PARTNER_SIZED_COST <= PARTNER_COST_LIMIT
    assert anonymous == (400, too_costly(PARTNER_SIZED_COST, PUBLIC_COST_LIMIT))
    assert (response.status_code, response.json()) == (
        200,
        {"data": {"events": {"results": []}, "groups": {"results": []}}},
    )


def group_with_events(count):
    group = GroupPageFactory(parent=GroupIndexPage.objects.get())
    first = dt.datetime(2027, 5, 1, 10, tzinfo=TOKYO)
    for number in range(count):
        start = first + dt.timedelta(days=7 * number)
        event = event_with_sessions(
            EventIndexPage.objects.get(),
            (start, start + dt.timedelta(hours=2)),
            title=f"講座{number + 1}",
        )
        event.organisers.set([group])
        event.save_revision().publish()
    return group


GROUP_EVENTS = """
query GroupEvents($slug: String!, $page: OffsetPaginationInput) {
  group(slug: $slug) { events(pagination: $page) { title } }
}
"""


@pytest.mark.django_db
def test_a_groups_events_come_a_page_at_a_time(client, plan):
    group = group_with_events(3)

    def titles(page):
        data = graphql_data(client, GROUP_EVENTS, {"slug": group.slug, "page": page})
        return [event["title"] for event in data["group"]["events"]]

    assert (titles(None), titles({"limit": 2}), titles({"offset": 2, "limit": 2})) == (
        ["講座1", "講座2", "講座3"],
        ["講座1", "講座2"],
        ["講座3"],
    )
    status, body = graphql(client, GROUP_EVENTS, {"slug": group.slug, "page": {"limit": 101}})
    assert (status, body["errors"][0]["message"]) == (
        400,
        "pagination.limit must be between 1 and 100; got 101.",
    )


@pytest.mark.django_db
def test_an_event_lists_at_most_the_promised_number_of_organisers(client, plan):
    groups = [
        GroupPageFactory(parent=GroupIndexPage.objects.get()) for _ in range(MAX_ORGANISERS + 1)
    ]
    start = dt.datetime(2027, 5, 1, 10, tzinfo=TOKYO)
    event = event_with_sessions(
        EventIndexPage.objects.get(), (start, start + dt.timedelta(hours=2))
    )
    event.organisers.set(groups)  # past the admin, which refuses an eleventh
    event.save_revision().publish()

    data = graphql_data(
        client, '{ events(filters: {dateFrom: "2027-05-01"}) { results { organisers { name } } } }'
    )
    names = [group["name"] for group in data["events"]["results"][0]["organisers"]]
    assert (len(names), set(names) <= {group.title for group in GroupPage.objects.all()}) == (
        MAX_ORGANISERS,
        True,
    )
