"""Events as iCalendar (RFC 5545): one event's add-to-calendar file, and /feeds/events.ics.

Both are written by `calendar_document`, so a session looks the same in either. Written by hand
rather than with a library: the format needed here is small, and the parts that go wrong (text
escaping, folding Japanese text by octets) are tested directly.
"""

import datetime as dt
import re
from urllib.parse import quote

from django.db.models import Count, prefetch_related_objects
from django.utils import timezone
from wagtail.models import PageLogEntry

from home.models import ContactSettings, EventStatus
from jp.time import TOKYO, tokyo_date, tokyo_today

from .event_text import (
    event_description,
    event_location,
    marked_title,
    public_organisers,
)

# A calendar keeps what a feed stops listing only until its next refresh, so the feed reaches
# back a month: a session that has just happened, or was just cancelled, stays where it was.
DAYS_BACK = 30


def default_first_day():
    return tokyo_today() - dt.timedelta(days=DAYS_BACK)


def calendar_feed(listing):
    return calendar_document(
        listing.events, listing.title, listing.url_for, listing.now, subscribed=True
    )


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

TEXT_ESCAPES = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n"})


def escape_text(value):
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newlines escaped."""
    return value.replace("\r\n", "\n").replace("\r", "\n").translate(TEXT_ESCAPES)


# A parameter value (RFC 5545 3.2) is written in DQUOTEs, so commas, semicolons and colons in a
# name are safe; DQUOTE itself, newlines and ^ are written as RFC 6868 says (^' ^n ^^), and the
# other control characters a parameter value may not hold are dropped.
PARAMETER_ESCAPES = str.maketrans({"^": "^^", "\n": "^n", '"': "^'"})
PARAMETER_CONTROLS = re.compile("[\x00-\x08\x0a-\x1f\x7f]")
# What may stay unencoded in the address of a mailto: URI (RFC 6068 2: unreserved, some-delims).
MAILTO_SAFE = "!$'()*+,;:@"


def parameter_value(value):
    """A quoted parameter value: わかば会 → "わかば会", with RFC 6868's escapes where needed."""
    value = value.replace("\r\n", "\n").replace("\r", "\n").translate(PARAMETER_ESCAPES)
    return f'"{PARAMETER_CONTROLS.sub("", value)}"'


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


def organizer(event, contact, url):
    """ORGANIZER: the first public organising group, else the city's office (市民活動推進課).

    METHOD:PUBLISH requires it in every VEVENT (RFC 5546 3.2.1). Its value is a cal-address, a
    URI (RFC 5545 3.3.3): mailto: the group's contact e-mail, else the city's from the contact
    settings the footer shows. With no e-mail anywhere the value is the event's page, which
    names the organiser and how to reach them: a real https: URI rather than a made-up mailbox.
    icalendar and ical.js both read either form and hand the CN back unescaped.
    """
    groups = event.public_organisers
    if groups:
        name, email = groups[0].title, groups[0].contact_email or contact.email
    else:
        name, email = contact.department, contact.email
    address = f"mailto:{quote(email, safe=MAILTO_SAFE)}" if email else url
    return f"ORGANIZER;CN={parameter_value(name)}:{address}"


def session_vevent(event, session, url, stamp, sequence, organizer_line):
    lines = ["BEGIN:VEVENT", f"UID:{session.uid}@{UID_DOMAIN}", f"DTSTAMP:{stamp}"]
    if event.last_published_at:
        lines.append(f"LAST-MODIFIED:{utc_stamp(event.last_published_at)}")
    lines += [
        f"SEQUENCE:{sequence}",
        *session_times(session),
        f"SUMMARY:{escape_text(marked_title(event))}",
        f"STATUS:{STATUS[event.status]}",
        organizer_line,
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

    `url_for(event)` gives each event's absolute URL. Sessions come from `event.sessions.all()`
    and organisers from `event.public_organisers` (see event_text.public_organisers), so
    prefetch both for many events; SEQUENCE numbers and the city's contact settings cost one
    query each however many events there are. A `subscribed` calendar (a feed) also carries its
    NAME and how often to refresh it.
    """
    events = list(events)
    stamp = utc_stamp(now or timezone.now())
    sequences = publication_counts(events)
    contact = ContactSettings.load()
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
        organizer_line = organizer(event, contact, url)
        # When this version of the event came to be (its publication), not when the file was
        # written: a feed that is the same bytes until something changes keeps its ETag and
        # Last-Modified, so subscribed calendars poll it for a 304.
        event_stamp = utc_stamp(event.last_published_at) if event.last_published_at else stamp
        for session in sorted(event.sessions.all(), key=lambda session: session.starts_at):
            lines += session_vevent(event, session, url, event_stamp, sequence, organizer_line)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)


def event_calendar(event, url, now=None):
    """One event's add-to-calendar file, named after the event."""
    now = now or timezone.now()
    prefetch_related_objects([event], public_organisers(now))
    return calendar_document([event], event.title, lambda _event: url, now)
