"""Dates are Tokyo days: a session late at night belongs to that night, not to UTC's next day."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from home.models import EventCriteria, EventIndexPage, EventPage, EventSession
from jp.formatting import jp_date, session_span
from jp.time import TOKYO, tokyo_date, tokyo_day_range, tokyo_today
from tests.factories import event_with_sessions

pytestmark = pytest.mark.dates

UTC = dt.UTC


def at(day, hour, minute=0):
    return dt.datetime(2026, 12, day, hour, minute, tzinfo=TOKYO)


@pytest.fixture
def late_and_early(home_page):
    """One event 23:00–23:59 JST on 4 Dec and one 00:15–01:00 JST on 5 Dec (still 4 Dec in UTC)."""
    events = EventIndexPage.objects.get()
    late = event_with_sessions(events, (at(4, 23), at(4, 23, 59)), title="夜の星空観察会")
    early = event_with_sessions(events, (at(5, 0, 15), at(5, 1)), title="初日の出ウォーク準備会")
    return late, early


def test_day_range_is_half_open_in_tokyo():
    assert tokyo_day_range(dt.date(2026, 12, 4), dt.date(2026, 12, 4)) == (
        dt.datetime(2026, 12, 3, 15, 0, tzinfo=UTC),
        dt.datetime(2026, 12, 4, 15, 0, tzinfo=UTC),
    )


def test_a_utc_instant_falls_on_its_tokyo_day():
    assert tokyo_date(dt.datetime(2026, 12, 4, 15, 30, tzinfo=UTC)) == dt.date(2026, 12, 5)
    assert tokyo_date(dt.datetime(2026, 12, 4, 14, 59, tzinfo=UTC)) == dt.date(2026, 12, 4)


def test_events_on_a_tokyo_day_split_at_tokyo_midnight(late_and_early):
    late, early = late_and_early
    assert list(
        EventPage.objects.find(
            EventCriteria(date_from=dt.date(2026, 12, 4), date_to=dt.date(2026, 12, 4))
        )
    ) == [late]
    assert list(
        EventPage.objects.find(
            EventCriteria(date_from=dt.date(2026, 12, 5), date_to=dt.date(2026, 12, 5))
        )
    ) == [early]
    assert list(
        EventPage.objects.find(
            EventCriteria(date_from=dt.date(2026, 12, 4), date_to=dt.date(2026, 12, 5))
        )
    ) == [late, early]


def test_session_crossing_midnight_is_on_both_days(home_page):
    night = event_with_sessions(
        EventIndexPage.objects.get(), (at(4, 22), at(5, 2)), title="年越しボランティア"
    )
    assert list(
        EventPage.objects.find(
            EventCriteria(date_from=dt.date(2026, 12, 4), date_to=dt.date(2026, 12, 4))
        )
    ) == [night]
    assert list(
        EventPage.objects.find(
            EventCriteria(date_from=dt.date(2026, 12, 5), date_to=dt.date(2026, 12, 5))
        )
    ) == [night]


def test_stored_times_come_back_in_tokyo_on_any_database(late_and_early):
    late, _ = late_and_early
    session = EventSession.objects.get(event=late)
    assert session.starts_at.astimezone(TOKYO) == at(4, 23)
    assert session_span(session) == "2026年12月4日（金） 23:00〜23:59"


def test_today_rolls_over_at_tokyo_midnight_not_utc_midnight():
    with time_machine.travel(dt.datetime(2026, 12, 4, 14, 59, tzinfo=UTC), tick=False):
        assert tokyo_today() == dt.date(2026, 12, 4)
    with time_machine.travel(dt.datetime(2026, 12, 4, 15, 0, tzinfo=UTC), tick=False):
        assert tokyo_today() == dt.date(2026, 12, 5)


def test_upcoming_events_drop_a_session_the_moment_it_ends(late_and_early):
    late, early = late_and_early
    assert list(EventPage.objects.upcoming(now=at(4, 23, 58))) == [late, early]
    assert list(EventPage.objects.upcoming(now=at(5, 0))) == [early]


def test_japanese_date_format_uses_tokyo_weekday():
    assert jp_date(dt.datetime(2026, 12, 4, 15, 30, tzinfo=UTC)) == "2026年12月5日（土）"
    assert jp_date(dt.datetime(2026, 12, 5, 0, 30, tzinfo=ZoneInfo("Europe/London"))) == (
        "2026年12月5日（土）"
    )
