"""One screen's content for the current moment, in a constant number of SQL queries.

Every list comes from the models' query rules (home.models), so drafts, unpublished, expired and
restricted pages never reach a screen; only events marked for signage are shown.
"""

import dataclasses
import datetime as dt
import hashlib
import json
from itertools import groupby

from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from wagtail.rich_text import get_text_for_indexing

from home.models import EventCriteria, EventSession, GroupPage, NoticePage, NoticePriority
from jp.time import TOKYO

from ..events.types import EventStatusEnum
from ..notices.types import NoticePriorityEnum
from .types import (
    SignageContentType,
    SignageEntryType,
    SignageGroupType,
    SignageNoticeType,
    SignageOrientationEnum,
    SignageRoomType,
    SignageScreenType,
)

# A screen pages long lists into slides of a few rows; more than this is never read in a lobby.
MAX_TODAY = 30
MAX_THIS_WEEK = 30
MAX_GROUPS = 12
MAX_NOTICES = 10
WEEK_DAYS = 7
VERSION_LENGTH = 12


def plain_text(html):
    # Text only: expanding internal links first (as the API's RichText does) would cost a query
    # per link and change no word.
    return " ".join(get_text_for_indexing(html or "").split())


def signage_criteria(first_day, last_day):
    return EventCriteria(date_from=first_day, date_to=last_day, show_on_signage=True)


def with_event(sessions):
    return sessions.select_related("event__venue")


def screen_venue_first_in_sql(sessions, venue_id):
    """The screen's venue first, then elsewhere, each by start: in SQL, so a list can stop at
    what a screen shows."""
    at_venue = Case(
        When(event__venue_id=venue_id, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return sessions.order_by(at_venue, "starts_at", "pk")


def todays_sessions(day, now, venue_id):
    """Today's sessions not yet over, in screen order: every one at the screen's venue (its
    rooms' now and next come from them), then the first MAX_TODAY elsewhere, each by start. A busy city has hundreds a day; a screen
    lists 30, so the rest are never read."""
    today = EventSession.objects.on_tokyo_days(signage_criteria(day, day), now).filter(
        ends_at__gt=now
    )
    at_venue = list(with_event(today.filter(event__venue_id=venue_id))) if venue_id else []
    elsewhere = today.exclude(event__venue_id=venue_id) if venue_id else today
    return at_venue + list(with_event(elsewhere)[:MAX_TODAY])


def weeks_sessions(day, now, venue_id):
    """The next session of each event on the following WEEK_DAYS days, the first MAX_THIS_WEEK
    in screen order."""
    criteria = signage_criteria(day + dt.timedelta(days=1), day + dt.timedelta(days=WEEK_DAYS))
    firsts = EventSession.objects.first_per_event(criteria, now)
    return list(with_event(screen_venue_first_in_sql(firsts, venue_id))[:MAX_THIS_WEEK])


def entry(event, session, screen_venue_id=None):
    """One session of `event` as a screen lists it; `screen_venue_id` is the screen's own venue."""
    return SignageEntryType(
        title=event.title,
        summary=event.summary,
        room=event.room,
        venue_name=event.venue.name if event.venue else None,
        at_screen_venue=screen_venue_id is not None and event.venue_id == screen_venue_id,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        all_day=session.all_day,
        status=EventStatusEnum(event.status),
        status_label=event.get_status_display(),
        is_sample=event.is_sample,
    )


def rooms_now_and_next(entries, now):
    """The screen venue's entries grouped by room: running now, and the next to start."""
    at_venue = sorted(
        (item for item in entries if item.at_screen_venue), key=lambda item: item.room
    )
    rooms = []
    for room, in_room in groupby(at_venue, key=lambda item: item.room):
        in_room = sorted(in_room, key=lambda item: item.starts_at)
        running = [item for item in in_room if item.starts_at <= now]
        upcoming = next((item for item in in_room if item.starts_at > now), None)
        if running or upcoming:
            rooms.append(SignageRoomType(room=room, now=running, next=upcoming))
    # Named rooms in order, then the events that name none.
    return sorted(rooms, key=lambda room: (room.room == "", room.room))


def notice(page):
    return SignageNoticeType(
        title=page.title,
        priority=NoticePriorityEnum(page.priority),
        text=plain_text(page.body),
        display_until=page.expire_at,
        is_sample=page.is_sample,
    )


def screen_config(screen, now):
    return SignageScreenType(
        slug=screen.slug,
        name=screen.name,
        location=screen.location,
        orientation=SignageOrientationEnum(screen.orientation),
        seconds_per_slide=screen.seconds_per_slide,
        opens_at=screen.opens_at,
        closes_at=screen.closes_at,
        is_open_now=screen.is_open_at(now.astimezone(TOKYO).time()),
        venue=screen.venue,
    )


def content_version(content):
    """A short hash of what the screen shows, its configuration included: equal versions look
    the same, whenever they were computed."""
    venue = content.screen.venue
    shown = dataclasses.replace(
        content,
        generated_at=None,
        content_version="",
        screen=dataclasses.replace(content.screen, venue=None),
    )
    fingerprint = [dataclasses.asdict(shown), [venue.slug, venue.name] if venue else None]
    encoded = json.dumps(fingerprint, default=str, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()[:VERSION_LENGTH]


def signage_content(screen, now=None):
    """What `screen` shows at `now`: now and next by room, today, the week, groups, notices."""
    now = now or timezone.now()
    day = now.astimezone(TOKYO).date()

    today_entries = [
        entry(session.event, session, screen.venue_id)
        for session in todays_sessions(day, now, screen.venue_id)
    ]
    rooms = rooms_now_and_next(today_entries, now)
    in_rooms = {id(item) for room in rooms for item in [*room.now, room.next] if item}
    # todays_sessions already lists the screen's venue first, each part by start.
    today = [item for item in today_entries if id(item) not in in_rooms]

    this_week = [
        entry(s.event, s, screen.venue_id) for s in weeks_sessions(day, now, screen.venue_id)
    ]

    notices = [notice(page) for page in NoticePage.objects.current(now)[: MAX_NOTICES * 2]]
    groups = [
        SignageGroupType(
            name=group.title,
            summary=group.summary,
            meeting_schedule=group.meeting_schedule,
            is_sample=group.is_sample,
        )
        for group in GroupPage.objects.recruiting(now)[:MAX_GROUPS]
    ]
    content = SignageContentType(
        screen=screen_config(screen, now),
        generated_at=now,
        content_version="",
        day=day,
        emergency=[item for item in notices if item.priority.value == NoticePriority.EMERGENCY],
        now_and_next=rooms,
        today=today[:MAX_TODAY],
        this_week=this_week[:MAX_THIS_WEEK],
        recruiting_groups=groups,
        notices=[item for item in notices if item.priority.value != NoticePriority.EMERGENCY][
            :MAX_NOTICES
        ],
    )
    content.content_version = content_version(content)
    return content
