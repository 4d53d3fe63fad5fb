"""What every feed format says about an event, so a cancelled event reads the same everywhere."""

from home.models import AttendanceMode, EventStatus
from home.structured_data import place_name

# Many calendar apps do not show STATUS at all; the title is the one thing everyone sees.
SUMMARY_PREFIX = {EventStatus.CANCELLED: "【中止】", EventStatus.POSTPONED: "【延期】"}


def marked_title(event):
    """The title with 【中止】 or 【延期】 before it, as every calendar and feed shows it."""
    return SUMMARY_PREFIX.get(event.status, "") + event.title


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
