"""A month of Tokyo days laid out like a Japanese wall calendar: weeks run Sunday (日) to Saturday (土).

Pure functions over sessions already fetched through the query rules; nothing here touches the database.
"""

import calendar
import datetime as dt
from dataclasses import dataclass

from .time import TOKYO, tokyo_date

WEEKDAY_NAMES = "日月火水木金土"
# Months outside this range are almost certainly typing mistakes or crawlers counting forever.
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100
SUNDAY_FIRST = calendar.Calendar(firstweekday=calendar.SUNDAY)
ALL_DAY_LABEL = "終日"


@dataclass(frozen=True)
class CalendarEntry:
    """One session as shown on one day; a session spanning days has an entry on each of them."""

    session: object
    time_label: str  # "14:00" on the day it starts, "〜02:00" on the day it ends, or "終日"


@dataclass(frozen=True)
class CalendarDay:
    date: dt.date
    entries: tuple[CalendarEntry, ...]
    is_today: bool


def month_days(year, month):
    """The first and last day of a month."""
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def year_in_range(year):
    return EARLIEST_YEAR <= year <= LATEST_YEAR


def previous_month(year, month):
    return (year - 1, 12) if month == 1 else (year, month - 1)


def next_month(year, month):
    return (year + 1, 1) if month == 12 else (year, month + 1)


def session_days(session):
    """The first and last Tokyo day a session takes place on.

    A session ending exactly at midnight (19:00〜24:00) does not spill onto the next day.
    """
    last_moment = max(session.starts_at, session.ends_at - dt.timedelta(microseconds=1))
    return tokyo_date(session.starts_at), tokyo_date(last_moment)


def time_label(session, day):
    """What a day's cell says about when a session happens on that day."""
    first_day, last_day = session_days(session)
    if session.all_day or first_day < day < last_day:
        return ALL_DAY_LABEL
    if day == first_day:
        return f"{session.starts_at.astimezone(TOKYO):%H:%M}"
    return f"〜{session.ends_at.astimezone(TOKYO):%H:%M}"


def entries_by_day(sessions, first_day, last_day):
    """{day: [CalendarEntry, …]} for the days first_day..last_day, earliest start first."""
    days = {}
    for session in sorted(sessions, key=lambda session: session.starts_at):
        starts_on, ends_on = session_days(session)
        day = max(starts_on, first_day)
        while day <= min(ends_on, last_day):
            days.setdefault(day, []).append(CalendarEntry(session, time_label(session, day)))
            day += dt.timedelta(days=1)
    return days


def month_weeks(year, month, sessions, today):
    """The month as weeks of seven CalendarDays, Sunday first; None for days of other months."""
    first_day, last_day = month_days(year, month)
    entries = entries_by_day(sessions, first_day, last_day)
    return [
        [
            CalendarDay(day, tuple(entries.get(day, ())), day == today)
            if day.month == month
            else None
            for day in week
        ]
        for week in SUNDAY_FIRST.monthdatescalendar(year, month)
    ]
