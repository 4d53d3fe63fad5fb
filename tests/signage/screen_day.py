"""The signage tests' day: Saturday 2026-12-05 in Tokyo, and content placed on it."""

import datetime as dt

from home.models import EventIndexPage, NoticeIndexPage
from jp.time import TOKYO
from tests.factories import NoticePageFactory, event_with_sessions

NOON = dt.datetime(2026, 12, 5, 12, 0, tzinfo=TOKYO)


def at(hours, minutes=0, days=0):
    """A moment relative to NOON's day: at(14) is 14:00 JST that Saturday."""
    return NOON.replace(hour=0) + dt.timedelta(days=days, hours=hours, minutes=minutes)


def event(title, *spans, **fields):
    return event_with_sessions(EventIndexPage.objects.get(), *spans, title=title, **fields)


def notice(title, **fields):
    return NoticePageFactory(parent=NoticeIndexPage.objects.get(), title=title, **fields)
