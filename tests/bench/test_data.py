"""The benchmark's bulk data: a valid Wagtail tree of public sample pages, topped up on demand."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, F, Max, Min
from django.utils import timezone
from wagtail.models import Page

from bench import data
from bench.data import HISTORY, Generated, generate
from home.models import EventIndexPage, EventPage, EventSession, GroupPage, Venue
from home.models.list_filters import PAGE_SIZE
from jp.time import start_of_tokyo_day, tokyo_today
from tests.factories import EventPageFactory
from tests.graphql_api.helpers import graphql_data

# The generated data is made once for the module; its tests stay on one worker (xdist_group).
pytestmark = pytest.mark.xdist_group("bench-data")

SESSIONS, GROUPS = 200, 20
# The seed fixes how many events share the 200 sessions.
EVENTS = 46
NO_TREE_PROBLEMS = ([], [], [], [], [])

EVENT_LIST = """
query BenchEvents {
  events(pagination: {limit: 50}) {
    totalCount
    results {
      slug isSample
      sessions { startsAt }
      venue { slug }
      organisers { name }
      audiences { slug }
      image { alt }
    }
  }
}
"""


def events_by_next_session():
    """Every event, the one with the next unfinished session first, worked out in Python."""
    now = timezone.now()

    def next_start(event):
        return min(session.starts_at for session in event.sessions.all() if session.ends_at >= now)

    events = EventPage.objects.select_related("venue", "image").prefetch_related("sessions")
    return sorted(events, key=lambda event: (next_start(event), event.pk))


@pytest.fixture(scope="module")
def generated_once(django_db_setup, django_db_blocker):
    """One generation shared by the module: loading the plan and drawing the sample images
    dominate a run, and every test only reads the result or changes it inside its own
    transaction. Rolled back at the end, so other modules start from an empty database."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield generate(SESSIONS, GROUPS)
        transaction.set_rollback(True)
    # Wagtail caches the site's root paths; the rolled-back site must not outlive its rows.
    cache.clear()


@pytest.fixture
def generated(generated_once, home_page):
    return generated_once


def test_counts_are_exactly_the_targets(generated):
    assert generated == Generated(groups=GROUPS, venues=50, events=EVENTS, sessions=SESSIONS)
    counts = (
        GroupPage.objects.count(),
        Venue.objects.count(),
        EventPage.objects.count(),
        EventSession.objects.count(),
    )
    assert counts == (GROUPS, 50, EVENTS, SESSIONS)


def test_tree_is_valid(generated):
    events_index = EventIndexPage.objects.get()
    assert Page.find_problems() == NO_TREE_PROBLEMS
    assert [(page.url_path, page.depth) for page in events_index.get_children()] == [
        (f"/home/events/{slug}/", events_index.depth + 1)
        for slug in EventPage.objects.order_by("path").values_list("slug", flat=True)
    ]


def test_wagtail_adds_pages_after_the_generated_ones(generated):
    events_index = EventIndexPage.objects.get()
    last_generated = events_index.get_children().last()
    added = EventPageFactory(parent=events_index, slug="added-by-wagtail")
    assert added.path > last_generated.path
    assert Page.find_problems() == NO_TREE_PROBLEMS


def test_generated_event_page_is_served(generated, client):
    event = EventPage.objects.get(slug="sample-bench-event-000001")
    assert event.get_parent().specific == EventIndexPage.objects.get()
    assert event.url == "/events/sample-bench-event-000001/"
    response = client.get(event.url)
    assert response.status_code == 200
    assert event.title in response.content.decode()


def test_event_list_page_shows_the_next_generated_events(generated, client):
    response = client.get("/events/")
    assert response.status_code == 200
    assert [event.slug for event in response.context["events"]] == [
        event.slug for event in events_by_next_session()[:PAGE_SIZE]
    ]


def test_generated_group_page_is_served(generated, client):
    response = client.get("/groups/sample-bench-group-0001/")
    assert response.status_code == 200
    assert "サンプル団体 0001" in response.content.decode()


def test_everything_generated_is_marked_sample(generated):
    for model in (GroupPage, EventPage, Venue):
        assert set(model.objects.values_list("is_sample", flat=True)) == {True}
    names = [
        *GroupPage.objects.values_list("title", flat=True),
        *EventPage.objects.values_list("title", flat=True),
        *Venue.objects.values_list("name", flat=True),
    ]
    assert [name for name in names if not name.startswith("サンプル")] == []


def test_every_event_is_upcoming_and_complete(generated):
    assert EventPage.objects.upcoming().count() == EVENTS
    shapes = EventPage.objects.annotate(
        organiser_count=Count("organisers", distinct=True),
        audience_count=Count("audiences", distinct=True),
    ).values_list("organiser_count", "audience_count", "venue_id", "image_id")
    assert {
        (organisers in (1, 2, 3), audiences in (1, 2, 3), venue is not None, image is not None)
        for organisers, audiences, venue, image in shapes
    } == {(True, True, True, True)}


def test_event_dates_match_their_sessions_within_a_year(generated):
    events = EventPage.objects.annotate(
        first=Min("sessions__starts_at"), last=Max("sessions__ends_at"), count=Count("sessions")
    )
    assert list(events.exclude(starts_at=F("first"), ends_at=F("last"))) == []
    assert events.aggregate(most=Max("count"))["most"] > 1
    today = tokyo_today()
    sessions = EventSession.objects.aggregate(first=Min("starts_at"), last=Max("ends_at"))
    assert sessions["first"] >= start_of_tokyo_day(today)
    assert sessions["last"] < start_of_tokyo_day(today + dt.timedelta(days=365))


def expected_list_entry(event):
    return {
        "slug": event.slug,
        "isSample": True,
        "sessions": [
            {"startsAt": timezone.localtime(session.starts_at).isoformat()}
            for session in event.sessions.order_by("starts_at", "pk")
        ],
        "venue": {"slug": event.venue.slug},
        "organisers": [
            {"name": group.title} for group in event.organisers.order_by("name_kana", "title")
        ],
        "audiences": [{"slug": audience.slug} for audience in event.audiences.all()],
        "image": {"alt": event.image.description},
    }


def test_graphql_events_list_returns_generated_events(generated, client):
    first_page = events_by_next_session()[:50]

    data = graphql_data(client, EVENT_LIST)

    assert data == {
        "events": {
            "totalCount": EVENTS,
            "results": [expected_list_entry(event) for event in first_page],
        }
    }


def test_same_targets_again_add_nothing(generated):
    assert generate(SESSIONS, GROUPS) == Generated(groups=0, venues=0, events=0, sessions=0)


def test_higher_targets_add_only_the_difference(generated):
    sessions_before = set(EventSession.objects.values_list("pk", "event_id", "uid", "starts_at"))
    events_before = set(EventPage.objects.values_list("pk", "path", "slug"))

    added = generate(SESSIONS + 100, GROUPS + 5)

    assert (added.groups, added.venues, added.sessions) == (5, 0, 100)
    assert EventPage.objects.count() == EVENTS + added.events
    assert EventSession.objects.count() == SESSIONS + 100
    assert GroupPage.objects.count() == GROUPS + 5
    assert sessions_before <= set(
        EventSession.objects.values_list("pk", "event_id", "uid", "starts_at")
    )
    assert events_before <= set(EventPage.objects.values_list("pk", "path", "slug"))
    assert Page.find_problems() == NO_TREE_PROBLEMS


def test_history_growth_adds_past_years_and_leaves_the_coming_one_alone(generated, monkeypatch):
    # Each further 100 sessions one year further back; the 200 already there are the coming year.
    monkeypatch.setattr(data, "SESSIONS_PER_YEAR", 100)
    coming = sorted(EventPage.objects.find().values_list("pk", flat=True))
    today = tokyo_today()

    generate(SESSIONS + 250, GROUPS, growth=HISTORY)

    added = EventSession.objects.filter(event__slug__in=added_slugs(EVENTS))
    years_back = {(today - session.starts_at.date()).days // 365 + 1 for session in added}
    assert (
        added.count(),
        added.filter(ends_at__gte=start_of_tokyo_day(today)).count(),
        years_back,
        sorted(EventPage.objects.find().values_list("pk", flat=True)),
    ) == (250, 0, {2, 3, 4}, coming)


def test_an_unknown_growth_model_is_refused(generated):
    with pytest.raises(ValueError, match="growth must be one of dense, history; got 'sideways'"):
        generate(SESSIONS + 1, GROUPS, growth="sideways")


def added_slugs(events_before):
    """The slugs of the events after the first `events_before` (the generator numbers them)."""
    slugs = EventPage.objects.order_by("slug").values_list("slug", flat=True)
    return list(slugs)[events_before:]
