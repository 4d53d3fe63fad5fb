"""List queries cost a constant number of SQL queries, whatever the number of results.

Each test builds the same shape of data at two sizes and pins the same count for both.
"""

import datetime as dt

import pytest
from django.utils import timezone
from wagtail.images.tests.utils import get_test_image_file

from graphql_api.persisted import find_persisted
from home.models import (
    ActionPage,
    ActivityField,
    Audience,
    CustomImage,
    District,
    EventIndexPage,
    EventPage,
    GroupIndexPage,
    GroupPage,
)
from tests.factories import GroupPageFactory, VenueFactory, event_with_sessions
from tests.query_count import exact_query_count

from .helpers import graphql_data

pytestmark = pytest.mark.sqlite

EVENTS_QUERY = """
query Events($limit: Int!) {
  events(pagination: {limit: $limit}) {
    totalCount
    results {
      title url startsAt status
      sessions { startsAt endsAt allDay }
      venue { name address latitude }
      audiences { slug name }
      organisers { name url }
      relatedActions { number title }
      image { url alt width height }
    }
  }
}
"""

GROUPS_QUERY = """
query Groups($limit: Int!) {
  groups(pagination: {limit: $limit}) {
    totalCount
    results {
      name nameKana url organisationType recruiting
      activityFields { number name }
      district { name }
      logo { url alt }
      relatedActions { number }
      events(pagination: {limit: 2}) { title sessions { startsAt } }
      contact { phone }
    }
  }
}
"""

ACTIONS_QUERY = """
query Actions($vision: Int!) {
  actions(filters: {vision: $vision}) {
    number title status url
    vision { number title }
    relatedActions { number }
    progress { fiscalYear implementationStatus }
    groups { name }
    events { title venue { name } }
  }
}
"""

# Per request: the site and its root paths (2), the count (1), the page of rows (1), then one
# prefetch per nested list; view restrictions and expiry ride inside those statements.
EVENT_LIST_QUERIES = 8
GROUP_LIST_QUERIES = 8
ACTION_LIST_QUERIES = 10


@pytest.fixture
def image(db):
    return CustomImage.objects.create(
        title="テスト画像", description="テスト用の画像", file=get_test_image_file()
    )


def build_groups_and_events(count, image):
    """`count` groups and `count` events, each with every relation the queries ask for."""
    now = timezone.now()
    venue = VenueFactory()
    audiences = list(Audience.objects.all()[:2])
    fields = list(ActivityField.objects.all()[:2])
    district = District.objects.create(name="初富", name_kana="はつとみ")
    groups_index, events_index = GroupIndexPage.objects.get(), EventIndexPage.objects.get()
    for number in range(count):
        action = ActionPage.objects.get(number=number % 22 + 1)
        group = GroupPageFactory(parent=groups_index, district=district, logo=image)
        group.activity_fields.set(fields)
        group.related_actions.set([action])
        group.save_revision().publish()
        start = now + dt.timedelta(days=number + 1)
        event = event_with_sessions(
            events_index,
            (start, start + dt.timedelta(hours=2)),
            (start + dt.timedelta(days=7), start + dt.timedelta(days=7, hours=2)),
            venue=venue,
            image=image,
        )
        event.audiences.set(audiences)
        event.organisers.set([group])
        event.related_actions.set([action])
        event.save_revision().publish()


def assert_query_count(client, query, variables, expected):
    with exact_query_count(expected, "GraphQL"):
        graphql_data(client, query, variables)


@pytest.mark.parametrize("count", [5, 50])
def test_event_list_costs_the_same_for_5_and_50_events(client, plan, image, count):
    build_groups_and_events(count, image)
    assert_query_count(client, EVENTS_QUERY, {"limit": count}, EVENT_LIST_QUERIES)


@pytest.mark.parametrize("count", [5, 50])
def test_group_list_costs_the_same_for_5_and_50_groups(client, plan, image, count):
    build_groups_and_events(count, image)
    assert_query_count(client, GROUPS_QUERY, {"limit": count}, GROUP_LIST_QUERIES)


@pytest.mark.parametrize("vision", [3, 2], ids=["4-actions", "8-actions"])
def test_action_list_costs_the_same_for_4_and_8_actions(client, plan, image, vision):
    build_groups_and_events(22, image)
    assert_query_count(client, ACTIONS_QUERY, {"vision": vision}, ACTION_LIST_QUERIES)


EVENT_DETAIL_QUERIES = 12


@pytest.mark.parametrize("organisers", [1, 4])
def test_the_persisted_event_detail_costs_the_same_for_1_and_4_organisers(
    client, plan, image, organisers
):
    build_groups_and_events(4, image)
    event = EventPage.objects.order_by("pk").first()
    event.organisers.set(GroupPage.objects.all()[:organisers])
    event.related_actions.set(ActionPage.objects.filter(number__lte=organisers))
    event.save_revision().publish()

    with exact_query_count(EVENT_DETAIL_QUERIES, "persisted EventDetail"):
        data = graphql_data(client, find_persisted("EventDetail").document, {"slug": event.slug})

    assert len(data["event"]["organisers"]) == organisers
