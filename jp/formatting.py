"""Dates, times and prices as Japanese readers expect them: 2026年12月5日（土） 14:00〜16:00, 1,000円."""

from .time import TOKYO

WEEKDAYS = "月火水木金土日"


def month_day(day):
    """A date as 12月5日（土）, for a date whose year goes without saying (a signage screen's)."""
    return f"{day.month}月{day.day}日（{WEEKDAYS[day.weekday()]}）"


def japanese_date(day):
    return f"{day.year}年{month_day(day)}"


def jp_date(value):
    """A date or datetime as 2026年12月5日（土）, in Tokyo time."""
    if value is None or value == "":
        return ""
    if hasattr(value, "astimezone"):
        value = value.astimezone(TOKYO)
    return japanese_date(value)


def jp_datetime(value):
    """An aware datetime as 2026年12月5日（土） 14:00, in Tokyo time."""
    if not value:
        return ""
    local = value.astimezone(TOKYO)
    return f"{japanese_date(local)} {local:%H:%M}"


def session_span(session):
    """One session as 2026年12月5日（土） 14:00〜16:00, spanning days where it does."""
    start = session.starts_at.astimezone(TOKYO)
    end = session.ends_at.astimezone(TOKYO)
    same_day = start.date() == end.date()
    if session.all_day:
        if same_day:
            return f"{japanese_date(start)} 終日"
        return f"{japanese_date(start)}〜{japanese_date(end)}"
    if same_day:
        return f"{japanese_date(start)} {start:%H:%M}〜{end:%H:%M}"
    return f"{japanese_date(start)} {start:%H:%M}〜{japanese_date(end)} {end:%H:%M}"


def yen(amount):
    if not amount:
        return "無料"
    return f"{amount:,}円"
