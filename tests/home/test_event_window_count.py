"""An event window's count comes from the sessions alone, and always equals what the list shows.

`EventPageQuerySet.count` counts the window's next sessions and takes away those of events that
are not public (`NotPublicPageIds`, the public rule's inverse). These tests hold it to the list
itself for every way a page is not public, on PostgreSQL and SQLite (their SQL differs), and
check that any other filter or a slice counts the usual way.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import Audience, EventCriteria, EventIndexPage, EventPage, HomePage
from jp.time import TOKYO
from tests.factories import event_with_sessions
from tests.not_public import NOT_PUBLIC, not_public, restrict

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=TOKYO)
CRITERIA = {
    "from now": EventCriteria(),
    "date range": EventCriteria(date_from=dt.date(2026, 12, 1), date_to=dt.date(2026, 12, 31)),
    "one day": EventCriteria(date_from=dt.date(2026, 12, 10), date_to=dt.date(2026, 12, 10)),
}


def tokyo(day, hour):
    return dt.datetime(2026, 12, day, hour, tzinfo=TOKYO)


@pytest.fixture
def index(home_page):
    return EventIndexPage.objects.get()


def add_event(index, title, day, **fields):
    """An event with two sessions a week apart, from December `day`."""
    spans = [(tokyo(day, 10), tokyo(day, 12)), (tokyo(day + 7, 10), tokyo(day + 7, 12))]
    return event_with_sessions(index, *spans, title=title, **fields)


@pytest.fixture
def public_events(index):
    return [add_event(index, f"公開イベント{day}", day) for day in (3, 10, 11)]


def counts(criteria=None):
    """(count, number of rows listed) for the window; the count must be the list's length."""
    found = EventPage.objects.find(criteria or EventCriteria(), now=NOW)
    return found.count(), len(list(found))


@pytest.mark.parametrize("case", NOT_PUBLIC)
def test_an_event_that_is_not_public_is_not_counted(index, public_events, case):
    not_public(lambda **fields: add_event(index, "非公開イベント", 10, **fields), case)

    assert {name: counts(criteria) for name, criteria in CRITERIA.items()} == {
        "from now": (3, 3),
        "date range": (3, 3),
        "one day": (2, 2),  # the events from December 3 (its second session) and 10
    }


@pytest.mark.parametrize("restricted", ["event list", "home page"])
def test_events_under_a_restricted_page_are_not_counted(index, public_events, restricted):
    restrict(index if restricted == "event list" else HomePage.objects.get())

    assert {name: counts(criteria) for name, criteria in CRITERIA.items()} == {
        "from now": (0, 0),
        "date range": (0, 0),
        "one day": (0, 0),
    }


def test_a_restriction_elsewhere_leaves_the_count_alone(index, public_events, home_page):
    # A sibling of the event list shares the first part of its path; only the restricted
    # page's own subtree is taken away.
    restrict(home_page.get_children().exclude(pk=index.pk).first())

    assert counts() == (3, 3)


def test_events_that_have_ended_or_not_started_in_the_window_are_not_counted(index):
    add_event(index, "終わったイベント", 1)  # its last session ends December 8
    add_event(index, "年明けのイベント", 20)  # December 20 and 27

    assert {name: counts(criteria) for name, criteria in CRITERIA.items()} == {
        "from now": (2, 2),
        "date range": (2, 2),
        "one day": (0, 0),
    }


def test_any_further_filter_or_slice_counts_what_it_keeps(index, public_events):
    audience = Audience.objects.create(name="こども", slug="children")
    public_events[0].audiences.add(audience)
    public_events[0].save_revision().publish()
    found = EventPage.objects.find(now=NOW)
    by_audience = EventPage.objects.find(EventCriteria(audience=audience.slug), now=NOW)

    assert (
        found.filter(title="公開イベント10").count(),
        found.exclude(title="公開イベント10").count(),
        found[:2].count(),
        found[1:].count(),
        by_audience.count(),
        EventPage.objects.filter(title="公開イベント3").find(now=NOW).count(),
    ) == (1, 2, 2, 2, 1, 1)


def test_the_window_count_reads_the_sessions_without_joining_the_pages(public_events):
    found = EventPage.objects.find(now=NOW)
    with CaptureQueriesContext(connection) as captured:
        found.count()
        found.filter(title="公開イベント10").count()

    window_count, filtered_count = (query["sql"] for query in captured.captured_queries)
    assert (
        window_count.startswith('SELECT COUNT("home_eventsession"."event_id")'),
        'JOIN "home_eventpage"' in window_count,
        'JOIN "home_eventsession"' in filtered_count,
    ) == (True, False, True)
