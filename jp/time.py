"""Asia/Tokyo calendar days, whatever the server's or the database's time zone.

Events, filters and "today" are all Tokyo days; a session at 23:30 JST on the 4th is on the 4th
even though it is 14:30 UTC. Every channel turns dates into datetimes here.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

TOKYO = ZoneInfo("Asia/Tokyo")


def tokyo_now():
    return timezone.now().astimezone(TOKYO)


def tokyo_today():
    return tokyo_now().date()


def start_of_tokyo_day(day):
    """The first instant of a Tokyo calendar day, as an aware datetime."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=TOKYO)


def tokyo_day_range(first_day, last_day):
    """Half-open [start, end) instants covering Tokyo days first_day..last_day inclusive."""
    return start_of_tokyo_day(first_day), start_of_tokyo_day(last_day + dt.timedelta(days=1))


def tokyo_date(moment):
    """The Tokyo calendar day an aware datetime falls on."""
    return moment.astimezone(TOKYO).date()
