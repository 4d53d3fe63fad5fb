"""Events as iCalendar (RFC 5545): one event's add-to-calendar file, and the subscribed feed.

Both are written by `calendar_document`, so a session looks the same in either. Written by hand
rather than with a library: the format needed here is small, and the parts that go wrong (text
escaping, folding Japanese text by octets) are tested directly.
"""

import datetime as dt

from django.core.validators import slug_unicode_re
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.http import content_disposition_header
from wagtail.models import PageLogEntry

from jp.time import TOKYO, tokyo_date

from .models import EventPage
from .models.events import AttendanceMode, EventStatus
from .queries import public
from .structured_data import place_name

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


def publication_counts(events):
    """How many times each event has been published, by page id: its SEQUENCE. One query.

    Publication log entries only ever grow, whereas counting revisions would go down when
    `purge_revisions` deletes old ones, and a calendar ignores an update whose SEQUENCE fell.
    """
    rows = (
        PageLogEntry.objects.filter(
            page__in=[event.pk for event in events], action="wagtail.publish"
        )
        .values("page")
        .annotate(count=Count("pk"))
        .values_list("page", "count")
    )
    return dict(rows)


def session_vevent(event, session, url, stamp, sequence):
    lines = ["BEGIN:VEVENT", f"UID:{session.uid}@{UID_DOMAIN}", f"DTSTAMP:{stamp}"]
    if event.last_published_at:
        lines.append(f"LAST-MODIFIED:{utc_stamp(event.last_published_at)}")
    lines += [
        f"SEQUENCE:{sequence}",
        *session_times(session),
        f"SUMMARY:{escape_text(marked_title(event))}",
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


# Calendar apps that subscribe to a feed poll it; these ask for an hourly refresh (RFC 7986 and
# the older Microsoft property Outlook still reads).
SUBSCRIPTION_PROPERTIES = ("REFRESH-INTERVAL;VALUE=DURATION:PT1H", "X-PUBLISHED-TTL:PT1H")


def calendar_document(events, name, url_for, now=None, *, subscribed=False):
    """The whole .ics text of the given events: one VEVENT per session, CRLF line endings.

    `url_for(event)` gives each event's absolute URL. Sessions come from `event.sessions.all()`,
    so prefetch them for many events; SEQUENCE numbers cost one query however many events there
    are. A `subscribed` calendar (a feed) also carries its NAME and how often to refresh it.
    """
    events = list(events)
    stamp = utc_stamp(now or timezone.now())
    sequences = publication_counts(events)
    lines = [
        "BEGIN:VCALENDAR",
        f"PRODID:{PRODID}",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    if subscribed:
        lines += [f"NAME:{escape_text(name)}", *SUBSCRIPTION_PROPERTIES]
    lines += [f"X-WR-CALNAME:{escape_text(name)}", *TOKYO_VTIMEZONE]
    for event in events:
        url = url_for(event)
        sequence = sequences.get(event.pk, 0)
        for session in sorted(event.sessions.all(), key=lambda session: session.starts_at):
            lines += session_vevent(event, session, url, stamp, sequence)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)


def event_calendar(event, url, now=None):
    """One event's add-to-calendar file, named after the event."""
    return calendar_document([event], event.title, lambda _event: url, now)


def event_calendar_view(request, slug):
    """/events/<slug>/calendar.ics for a public event; drafts, expired and restricted ones 404."""
    # The URL takes any text; only a slug can name a page, and PostgreSQL refuses some text
    # (a NUL character) outright, which would be a server error rather than "no such event".
    if not slug_unicode_re.fullmatch(slug):
        raise Http404("No such event.")
    event = get_object_or_404(public(EventPage.objects.select_related("venue")), slug=slug)
    response = HttpResponse(
        event_calendar(event, event.get_full_url(request)),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = content_disposition_header(True, f"{slug}.ics")
    return response
