"""What every feed format says about an event, so a cancelled event reads the same everywhere."""

from django.db.models import Prefetch

from home.models import AttendanceMode, EventStatus, GroupPage
from home.structured_data import place_name

# Many calendar apps do not show STATUS at all; the title is the one thing everyone sees.
SUMMARY_PREFIX = {EventStatus.CANCELLED: "【中止】", EventStatus.POSTPONED: "【延期】"}


def marked_title(event):
    """The title with 【中止】 or 【延期】 before it, as every calendar and feed shows it."""
    return SUMMARY_PREFIX.get(event.status, "") + event.title


def public_organisers(now):
    """Prefetch an event's public organising groups as `public_organisers`, in reading order.

    A draft or expired group's name must not appear through an event; the first group is the
    one a calendar names as ORGANIZER, the same as the event page and the CSV list first.
    """
    return Prefetch(
        "organisers",
        queryset=GroupPage.objects.public(now).order_by("name_kana", "title"),
        to_attr="public_organisers",
    )


def meets_at_venue(event):
    """True when people meet at the venue: one is set and the event is not online-only."""
    return event.attendance_mode != AttendanceMode.ONLINE and event.venue is not None


def event_location(event):
    if meets_at_venue(event):
        return ", ".join(part for part in (place_name(event), event.venue.address) if part)
    return event.online_url


def event_description(event):
    if event.status != EventStatus.SCHEDULED and event.status_note:
        return f"{event.summary}\n{event.status_note}"
    return event.summary
