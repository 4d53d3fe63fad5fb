"""The month grid: Sunday-first weeks of Tokyo days, each listing the sessions on it."""

import datetime as dt
from types import SimpleNamespace

import pytest

from jp.calendar import (
    month_days,
    month_weeks,
    next_month,
    previous_month,
    session_days,
    time_label,
    year_in_range,
)
from jp.time import TOKYO


def at(month, day, hour, minute=0, year=2026):
    return dt.datetime(year, month, day, hour, minute, tzinfo=TOKYO)


def session(name, starts_at, ends_at, all_day=False):
    return SimpleNamespace(name=name, starts_at=starts_at, ends_at=ends_at, all_day=all_day)


def day_numbers(weeks):
    return [[day.date.day if day else None for day in week] for week in weeks]


def listed(weeks):
    """{day of month: ["14:00 name", …]} for the days that list something."""
    return {
        day.date.day: [f"{entry.time_label} {entry.session.name}" for entry in day.entries]
        for week in weeks
        for day in week
        if day and day.entries
    }


def test_weeks_start_on_sunday_and_days_of_other_months_are_blank():
    # 1 December 2026 is a Tuesday; 31 December a Thursday.
    assert day_numbers(month_weeks(2026, 12, [], at(12, 1, 0).date())) == [
        [None, None, 1, 2, 3, 4, 5],
        [6, 7, 8, 9, 10, 11, 12],
        [13, 14, 15, 16, 17, 18, 19],
        [20, 21, 22, 23, 24, 25, 26],
        [27, 28, 29, 30, 31, None, None],
    ]


def test_a_month_starting_on_sunday_has_no_blank_first_days():
    # 1 February 2026 is a Sunday and the month fills exactly four weeks.
    assert day_numbers(month_weeks(2026, 2, [], at(2, 1, 0).date())) == [
        list(range(1, 8)),
        list(range(8, 15)),
        list(range(15, 22)),
        list(range(22, 29)),
    ]


def test_sessions_are_listed_on_their_tokyo_days_earliest_first():
    sessions = [
        session("午後の講座", at(12, 5, 14), at(12, 5, 16)),
        session("夜のパトロール", at(12, 4, 22), at(12, 5, 2)),
        session("朝の体操", at(12, 5, 9, 30), at(12, 5, 10)),
        # 00:15 JST on 1 December is still 30 November in UTC.
        session("夜明けの観察会", at(12, 1, 0, 15), at(12, 1, 1)),
    ]
    assert listed(month_weeks(2026, 12, sessions, at(12, 1, 0).date())) == {
        1: ["00:15 夜明けの観察会"],
        4: ["22:00 夜のパトロール"],
        5: ["〜02:00 夜のパトロール", "09:30 朝の体操", "14:00 午後の講座"],
    }


def test_a_session_over_several_days_is_listed_on_each_day_of_the_month_only():
    sessions = [
        session("年越しイベント", at(12, 30, 18), at(1, 2, 12, year=2027)),
        session("作品展", at(11, 29, 0), at(12, 2, 23, 59), all_day=True),
    ]
    assert listed(month_weeks(2026, 12, sessions, at(12, 1, 0).date())) == {
        1: ["終日 作品展"],
        2: ["終日 作品展"],
        30: ["18:00 年越しイベント"],
        31: ["終日 年越しイベント"],
    }


def test_a_session_ending_at_midnight_stays_on_its_own_day():
    evening = session("夜の講演会", at(12, 4, 19), at(12, 5, 0))
    assert session_days(evening) == (dt.date(2026, 12, 4), dt.date(2026, 12, 4))
    assert listed(month_weeks(2026, 12, [evening], at(12, 1, 0).date())) == {
        4: ["19:00 夜の講演会"]
    }


def test_a_session_without_length_is_on_the_day_it_starts():
    announcement = session("発表", at(12, 1, 0), at(12, 1, 0))
    assert session_days(announcement) == (dt.date(2026, 12, 1), dt.date(2026, 12, 1))


@pytest.mark.parametrize(
    ("day", "label"),
    [(4, "22:00"), (5, "終日"), (6, "〜01:30")],
    ids=["first-day", "middle-day", "last-day"],
)
def test_time_label_says_when_a_long_session_happens_that_day(day, label):
    camp = session("キャンプ", at(12, 4, 22), at(12, 6, 1, 30))
    assert time_label(camp, dt.date(2026, 12, day)) == label


def test_an_all_day_session_is_labelled_all_day_even_on_its_first_day():
    fair = session("市民まつり", at(12, 5, 0), at(12, 5, 23, 59), all_day=True)
    assert time_label(fair, dt.date(2026, 12, 5)) == "終日"


def test_only_today_is_marked_today():
    weeks = month_weeks(2026, 12, [], dt.date(2026, 12, 5))
    assert [day.date for week in weeks for day in week if day and day.is_today] == [
        dt.date(2026, 12, 5)
    ]


def test_month_days_know_leap_years():
    assert month_days(2028, 2) == (dt.date(2028, 2, 1), dt.date(2028, 2, 29))
    assert month_days(2027, 2) == (dt.date(2027, 2, 1), dt.date(2027, 2, 28))


def test_neighbouring_months_roll_over_the_year():
    assert (previous_month(2027, 1), next_month(2026, 12)) == ((2026, 12), (2027, 1))
    assert (previous_month(2026, 12), next_month(2026, 11)) == ((2026, 11), (2026, 12))


@pytest.mark.parametrize(
    ("year", "expected"), [(1999, False), (2000, True), (2100, True), (2101, False)]
)
def test_years_outside_2000_to_2100_are_refused(year, expected):
    assert year_in_range(year) is expected
