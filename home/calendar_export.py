"""An event as an iCalendar file (RFC 5545), so visitors can add its sessions to their calendars.

Written by hand rather than with a library: the format needed here is small, and the parts that
go wrong (text escaping, folding Japanese text by octets) are tested directly.
"""

import datetime as dt

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.http import content_disposition_header
from wagtail.models import PageLogEntry

from .models import EventPage
from .models.events import AttendanceMode, EventStatus
from .queries import public
from .structured_data import place_name
from .tokyo_time import TOKYO, tokyo_date

PRODID = "-//Kamagaya City//Kamagaya Kyodo Portal//JA"
UID_DOMAIN = "kamagaya-kyodo"
MAX_LINE_OCTETS = 75
CRLF = "\r\n"

# Japan has kept +09:00 all year since 1951, so one STANDARD component describes every date.
TOKYO_VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    "TZID:Asia/Tokyo",
    "BEGIN:STANDARD",
    "DTSTART:19700101T000000",
    "TZOFFSETFROM:+0900",
    "TZOFFSETTO:+0900",
    "TZNAME:JST",
    "END:STANDARD",
    "END:VTIMEZONE",
)

STATUS = {
    EventStatus.SCHEDULED: "CONFIRMED",
    EventStatus.CANCELLED: "CANCELLED",
    EventStatus.POSTPONED: "TENTATIVE",
}
# Many calendar apps do not show STATUS at all; the title is the one thing everyone sees.
SUMMARY_PREFIX = {EventStatus.CANCELLED: "【中止】", EventStatus.POSTPONED: "【延期】"}

TEXT_ESCAPES = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n"})


def escape_text(value):
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newlines escaped."""
    return value.replace("\r\n", "\n").replace("\r", "\n").translate(TEXT_ESCAPES)


def fold(line):
    """Split a content line into lines of at most 75 octets, never inside a UTF-8 character.

    Each continuation line starts with a space, which counts towards its 75 octets.
    """
    pieces = []
    piece = ""
    room = MAX_LINE_OCTETS
    for char in line:
        size = len(char.encode())
        if size > room:
            pieces.append(piece)
            piece = ""
            room = MAX_LINE_OCTETS - 1
        piece += char
        room -= size
    pieces.append(piece)
    return (CRLF + " ").join(pieces)


def utc_stamp(moment):
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def session_times(session):
    """DTSTART and DTEND: Tokyo local times, or dates for all-day sessions.

    An all-day DTEND is exclusive, so it is the day after the session's last day.
    """
    if session.all_day:
        last_day = tokyo_date(session.ends_at) + dt.timedelta(days=1)
        return (
            f"DTSTART;VALUE=DATE:{tokyo_date(session.starts_at):%Y%m%d}",
            f"DTEND;VALUE=DATE:{last_day:%Y%m%d}",
        )
    return (
        f"DTSTART;TZID=Asia/Tokyo:{session.starts_at.astimezone(TOKYO):%Y%m%dT%H%M%S}",
        f"DTEND;TZID=Asia/Tokyo:{session.ends_at.astimezone(TOKYO):%Y%m%dT%H%M%S}",
    )


def event_location(event):
    if event.attendance_mode != AttendanceMode.ONLINE and event.venue:
        return ", ".join(part for part in (place_name(event), event.venue.address) if part)
    return event.online_url


def event_description(event):
    if event.status != EventStatus.SCHEDULED and event.status_note:
        return f"{event.summary}\n{event.status_note}"
    return event.summary


def publication_count(event):
    """How many times the event has been published: its SEQUENCE.

    Publication log entries only ever grow, whereas counting revisions would go down when
    `purge_revisions` deletes old ones, and a calendar ignores an update whose SEQUENCE fell.
    """
    return PageLogEntry.objects.filter(page=event, action="wagtail.publish").count()


def session_vevent(event, session, url, stamp, sequence):
    lines = ["BEGIN:VEVENT", f"UID:{session.uid}@{UID_DOMAIN}", f"DTSTAMP:{stamp}"]
    if event.last_published_at:
        lines.append(f"LAST-MODIFIED:{utc_stamp(event.last_published_at)}")
    lines += [
        f"SEQUENCE:{sequence}",
        *session_times(session),
        f"SUMMARY:{escape_text(SUMMARY_PREFIX.get(event.status, '') + event.title)}",
        f"STATUS:{STATUS[event.status]}",
    ]
    location = event_location(event)
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    lines += [
        f"URL:{url}",
        f"DESCRIPTION:{escape_text(event_description(event))}",
        "END:VEVENT",
    ]
    return lines


def event_calendar(event, url, now=None):
    """The whole .ics text of an event: one VEVENT per session, CRLF line endings."""
    stamp = utc_stamp(now or timezone.now())
    sequence = publication_count(event)
    lines = [
        "BEGIN:VCALENDAR",
        f"PRODID:{PRODID}",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(event.title)}",
        *TOKYO_VTIMEZONE,
    ]
    for session in sorted(event.sessions.all(), key=lambda session: session.starts_at):
        lines += session_vevent(event, session, url, stamp, sequence)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)


def event_calendar_view(request, slug):
    """/events/<slug>/calendar.ics for a public event; drafts, expired and restricted ones 404."""
    event = get_object_or_404(public(EventPage.objects.select_related("venue")), slug=slug)
    response = HttpResponse(
        event_calendar(event, event.get_full_url(request)),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = content_disposition_header(True, f"{slug}.ics")
    return response
