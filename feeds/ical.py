"""/feeds/events.ics: the events as a calendar that calendar apps subscribe to (RFC 5545)."""

import datetime as dt

from home.calendar_export import calendar_document
from jp.time import tokyo_today

# A calendar keeps what a feed stops listing only until its next refresh, so the feed reaches
# back a month: a session that has just happened, or was just cancelled, stays where it was.
DAYS_BACK = 30


def default_first_day():
    return tokyo_today() - dt.timedelta(days=DAYS_BACK)


def calendar_feed(listing):
    return calendar_document(
        listing.events, listing.title, listing.url_for, listing.now, subscribed=True
    )
