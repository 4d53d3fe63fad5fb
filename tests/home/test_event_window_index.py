"""The event window reads each event's next session from a stored column, not by grouping sessions.

`EventSession.earlier_sessions_end_at` (the latest end of the sessions before it) picks the one
session that is an event's next for a window; these tests hold the list to the rule it replaced
(the earliest start among the sessions still to end, and before the window's end), and the
stored column to the sessions through every way they change.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import EventCriteria, EventIndexPage, EventPage, EventSession
from jp.time import TOKYO, start_of_tokyo_day
from tests.factories import event_with_sessions

pytestmark = pytest.mark.django_db


def tokyo(day, hour, minute=0):
    return dt.datetime(2026, 12, day, hour, minute, tzinfo=TOKYO)


def span(day, starts, ends, ends_day=None):
    """One session on a December 2026 day, hours in Tokyo (ends on `ends_day` if given)."""
    return tokyo(day, starts), tokyo(ends_day or day, ends)


COURSE = [span(1, 10, 12), span(8, 10, 12), span(15, 10, 12)]
SINGLE = [span(10, 10, 12)]
# A long exhibition with a talk inside it: the later-starting session ends first.
EXHIBITION = [span(1, 9, 17, ends_day=20), span(3, 10, 11)]
# Two sessions starting at the same moment, then one more.
TWIN_START = [span(5, 13, 14), span(5, 13, 16), span(12, 13, 14)]
SERIES = {
    "全3回の講座": COURSE,
    "単発の催し": SINGLE,
    "展示と講演": EXHIBITION,
    "同時刻の2回": TWIN_START,
}


@pytest.fixture
def index(home_page):
    return EventIndexPage.objects.get()


@pytest.fixture
def series(index):
    return {
        title: event_with_sessions(index, *spans, title=title) for title, spans in SERIES.items()
    }


def listed(events):
    return [(event.title, event.next_starts_at) for event in events]


def by_the_rule(window_start, window_end=None):
    """The list as the window defines it, worked out from every session of every event."""
    rows = []
    for title, spans in SERIES.items():
        starts = [
            starts_at
            for starts_at, ends_at in spans
            if ends_at >= window_start and (window_end is None or starts_at < window_end)
        ]
        if starts:
            event = EventPage.objects.get(title=title)
            rows.append((min(starts), event.pk, title))
    return [(title, starts_at) for starts_at, _, title in sorted(rows)]


def stored_ends(event):
    sessions = EventSession.objects.filter(event=event).order_by("starts_at", "pk")
    return [(session.starts_at, session.earlier_sessions_end_at) for session in sessions]


def test_an_event_part_way_through_its_series_is_listed_by_its_next_session(series):
    # The course's first two sessions are over; its third is after the single event.
    found = EventPage.objects.find(now=tokyo(9, 9))

    assert listed(found) == [
        ("展示と講演", tokyo(1, 9)),
        ("単発の催し", tokyo(10, 10)),
        ("同時刻の2回", tokyo(12, 13)),
        ("全3回の講座", tokyo(15, 10)),
    ]


def test_the_list_follows_the_rule_at_every_moment_of_the_month(series):
    # Every fifth hour of December 1–25, and each session's start, end and the instant after it.
    every_fifth_hour = [tokyo(1, 0) + dt.timedelta(hours=hours) for hours in range(0, 600, 5)]
    edges = [
        moment
        for spans in SERIES.values()
        for starts_at, ends_at in spans
        for moment in (starts_at, ends_at, ends_at + dt.timedelta(microseconds=1))
    ]
    moments = every_fifth_hour + edges

    assert {moment: listed(EventPage.objects.find(now=moment)) for moment in moments} == {
        moment: by_the_rule(moment) for moment in moments
    }


def test_the_list_follows_the_rule_for_every_date_range(series):
    first_days = [dt.date(2026, 12, day) for day in range(1, 22, 2)]
    ranges = [
        (first, first + dt.timedelta(days=length)) for first in first_days for length in (0, 2, 6)
    ]
    now = tokyo(1, 0)

    def found(first, last):
        criteria = EventCriteria(date_from=first, date_to=last)
        return listed(EventPage.objects.find(criteria, now=now))

    def ruled(first, last):
        return by_the_rule(
            start_of_tokyo_day(first), start_of_tokyo_day(last + dt.timedelta(days=1))
        )

    assert {pair: found(*pair) for pair in ranges} == {pair: ruled(*pair) for pair in ranges}


def test_each_session_records_when_the_sessions_before_it_ended(series):
    assert {title: stored_ends(event) for title, event in series.items()} == {
        "全3回の講座": [
            (tokyo(1, 10), None),
            (tokyo(8, 10), tokyo(1, 12)),
            (tokyo(15, 10), tokyo(8, 12)),
        ],
        "単発の催し": [(tokyo(10, 10), None)],
        "展示と講演": [(tokyo(1, 9), None), (tokyo(3, 10), tokyo(20, 17))],
        "同時刻の2回": [
            (tokyo(5, 13), None),
            (tokyo(5, 13), tokyo(5, 14)),
            (tokyo(12, 13), tokyo(5, 16)),
        ],
    }


def test_publishing_new_dates_rewrites_the_stored_ends_and_the_order(series):
    course = EventPage.objects.get(pk=series["全3回の講座"].pk)
    first, _, third = course.sessions.all()
    # The first session moves after the others, the second is dropped.
    first.starts_at, first.ends_at = tokyo(22, 10), tokyo(22, 12)
    course.sessions = [first, third]
    course.save_revision().publish()

    assert (stored_ends(course), listed(EventPage.objects.find(now=tokyo(16, 9)))) == (
        [(tokyo(15, 10), None), (tokyo(22, 10), tokyo(15, 12))],
        [("展示と講演", tokyo(1, 9)), ("全3回の講座", tokyo(22, 10))],
    )


def test_a_draft_with_new_dates_changes_nothing_listed(series):
    course = EventPage.objects.get(pk=series["全3回の講座"].pk)
    first, second, third = course.sessions.all()
    first.starts_at, first.ends_at = tokyo(22, 10), tokyo(22, 12)
    course.sessions = [first, second, third]
    course.save_revision()

    assert (stored_ends(course), listed(EventPage.objects.find(now=tokyo(9, 9)))[-1]) == (
        [(tokyo(1, 10), None), (tokyo(8, 10), tokyo(1, 12)), (tokyo(15, 10), tokyo(8, 12))],
        ("全3回の講座", tokyo(15, 10)),
    )


def test_an_unpublished_event_leaves_the_list_and_returns_with_its_next_session(series):
    course = series["全3回の講座"]
    course.unpublish()
    while_unpublished = [title for title, _ in listed(EventPage.objects.find(now=tokyo(9, 9)))]
    course.save_revision().publish()

    assert (while_unpublished, listed(EventPage.objects.find(now=tokyo(9, 9)))[-1]) == (
        ["展示と講演", "単発の催し", "同時刻の2回"],
        ("全3回の講座", tokyo(15, 10)),
    )


def test_a_copied_event_is_listed_beside_its_original(series, index):
    single = series["単発の催し"]
    copy = single.copy(update_attrs={"title": "単発の催し（複製）", "slug": "single-copy"})

    assert (stored_ends(copy), listed(EventPage.objects.find(now=tokyo(9, 9)))[1:3]) == (
        [(tokyo(10, 10), None)],
        [("単発の催し", tokyo(10, 10)), ("単発の催し（複製）", tokyo(10, 10))],
    )


@pytest.mark.parametrize(
    "criteria",
    [EventCriteria(), EventCriteria(date_from=dt.date(2026, 12, 1), date_to=dt.date(2026, 12, 31))],
    ids=["from now", "date range"],
)
def test_the_list_and_its_count_read_one_session_per_event_without_grouping(series, criteria):
    with CaptureQueriesContext(connection) as captured:
        list(EventPage.objects.find(criteria, now=tokyo(1, 0))[:20])
        EventPage.objects.find(criteria, now=tokyo(1, 0)).count()

    # The count reads the sessions alone (tests/home/test_event_window_count.py).
    assert [
        (
            query["sql"].count('JOIN "home_eventsession"'),
            query["sql"].count('FROM "home_eventsession"'),
            "GROUP BY" in query["sql"],
        )
        for query in captured.captured_queries
    ] == [(1, 0, False), (0, 1, False)]


def test_a_session_that_began_nearly_a_year_ago_is_still_listed(index):
    # The lists skip sessions that began more than LONGEST_SESSION_DAYS before the window; a
    # session that long must still be found on its last days.
    starts_at = tokyo(9, 9) - dt.timedelta(days=365)
    event_with_sessions(index, (starts_at, tokyo(9, 18)), title="1年間の展示")
    day = EventCriteria(date_from=dt.date(2026, 12, 9), date_to=dt.date(2026, 12, 9))

    assert (
        listed(EventPage.objects.find(now=tokyo(9, 12))),
        listed(EventPage.objects.find(day, now=tokyo(1, 0))),
        [session.event.title for session in EventSession.objects.on_tokyo_days(day, tokyo(1, 0))],
    ) == ([("1年間の展示", starts_at)], [("1年間の展示", starts_at)], ["1年間の展示"])
