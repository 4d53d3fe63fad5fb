"""The slides a signage screen shows, built once, here, for the kiosk page, its polls and previews.

The API hands them over ready (`SignageContent.timeline`); the kiosk's script only shows and
rotates them. A screen cut off from the server must still drop a session when it ends and move
on at midnight, so the slides are built for each moment they change, over the days the content
covers, and the script shows the last set that has started.
"""

import dataclasses
import datetime as dt

import strawberry

from cms.channel_names import ScreenOrientation
from jp.formatting import month_day
from jp.time import TOKYO

from ..events.types import EventStatusEnum
from ..notices.types import NoticePriorityEnum

# Rows that fit a slide at the minimum type sizes; a portrait screen is twice as tall.
ROWS_PER_SLIDE = {
    ScreenOrientation.LANDSCAPE: {"now": 4, "today": 4, "week": 4, "groups": 3, "notices": 1},
    ScreenOrientation.PORTRAIT: {"now": 8, "today": 8, "week": 8, "groups": 6, "notices": 2},
}
TITLES = {
    "now": "ただいまの催し・次の催し",
    "today": "本日のイベント",
    "week": "これから1週間のイベント",
    "groups": "メンバー募集中の団体",
    "notices": "お知らせ",
}
WELCOME_TITLE = "かまがや協働ポータル"
WELCOME_TEXT = "市民活動・イベントの情報をご案内しています。"
ROOM_FALLBACK = "会場"
SAMPLE_MARK = "サンプル"
IMPORTANT_MARK = "重要"


@strawberry.type(name="SignageRow", description="One line of a slide, ready to show.")
class SignageRowType:
    title: str = strawberry.field(description="Title of the event, group or notice.")
    meta: str = strawberry.field(
        default="",
        description="When and where, e.g. 14:00〜16:00　中央公民館, or when a group meets.",
    )
    label: str = strawberry.field(
        default="", description="開催中 or 次 before a session at the screen's venue; else empty."
    )
    upcoming: bool = strawberry.field(
        default=False, description="True for 次: the next session in a room."
    )
    text: str = strawberry.field(
        default="", description="A group's summary or a notice's text; empty for events."
    )
    badges: list[str] = strawberry.field(
        default_factory=list, description="Marks shown before the meta, e.g. 中止, 重要, サンプル."
    )


@strawberry.type(name="SignageSlide", description="One slide of a screen's rotation.")
class SignageSlideType:
    kind: str = strawberry.field(
        description="now, today, week, groups, notices, or welcome when there is nothing to "
        "list; the kiosk page styles each kind."
    )
    title: str = strawberry.field(description="Heading of the slide (Japanese).")
    page: str = strawberry.field(
        description="Where a list taking several slides is, e.g. 2/3; empty otherwise."
    )
    rows: list[SignageRowType] = strawberry.field(description="The lines, as many as fit.")


@strawberry.type(
    name="SignageSlideSet", description="The slides a screen rotates through from a moment on."
)
class SignageSlideSetType:
    starts_at: dt.datetime | None = strawberry.field(
        description="When these slides replace the previous set's; null for the first set, "
        "shown from when the content was computed."
    )
    slides: list[SignageSlideType] = strawberry.field(description="The slides in showing order.")


@dataclasses.dataclass(frozen=True)
class Shown:
    """The lists a screen shows at one moment, as `SignageContent` holds them."""

    now_and_next: list = dataclasses.field(default_factory=list)
    today: list = dataclasses.field(default_factory=list)
    this_week: list = dataclasses.field(default_factory=list)
    recruiting_groups: list = dataclasses.field(default_factory=list)
    notices: list = dataclasses.field(default_factory=list)


def tokyo(moment):
    return moment.astimezone(TOKYO)


def time_span(item):
    if item.all_day:
        return "終日"
    start, end = tokyo(item.starts_at), tokyo(item.ends_at)
    if start.date() != end.date():
        return f"{start:%H:%M}〜"
    return f"{start:%H:%M}〜{end:%H:%M}"


def place(item):
    if item.at_screen_venue:
        return item.room
    return " ".join(part for part in (item.venue_name, item.room) if part)


def joined(*parts):
    return "　".join(part for part in parts if part)


def sample_mark(item):
    return [SAMPLE_MARK] if item.is_sample else []


def event_row(item, meta, **label):
    status = [item.status_label] if item.status is not EventStatusEnum.SCHEDULED else []
    return SignageRowType(
        title=item.title, meta=meta, badges=[*status, *sample_mark(item)], **label
    )


def room_rows(rooms):
    rows = []
    for room in rooms:
        name = room.room or ROOM_FALLBACK
        for item in room.now:
            rows.append(event_row(item, f"{name}　{time_span(item)}", label="開催中"))
        if room.next:
            rows.append(
                event_row(room.next, f"{name}　{time_span(room.next)}", label="次", upcoming=True)
            )
    return rows


def notice_row(notice):
    important = [IMPORTANT_MARK] if notice.priority is NoticePriorityEnum.IMPORTANT else []
    return SignageRowType(
        title=notice.title, text=notice.text, badges=[*important, *sample_mark(notice)]
    )


def kinds_of_rows(shown):
    return {
        "now": room_rows(shown.now_and_next),
        "today": [event_row(i, joined(time_span(i), place(i))) for i in shown.today],
        "week": [
            event_row(i, joined(month_day(tokyo(i.starts_at)), time_span(i), place(i)))
            for i in shown.this_week
        ],
        "groups": [
            SignageRowType(
                title=g.name, meta=g.meeting_schedule, text=g.summary, badges=sample_mark(g)
            )
            for g in shown.recruiting_groups
        ],
        "notices": [notice_row(n) for n in shown.notices],
    }


def build_slides(shown, orientation):
    """The slides of `shown` on a screen of `orientation` (a ScreenOrientation value), in showing
    order; a welcome slide when every list is empty."""
    per_slide = ROWS_PER_SLIDE[orientation]
    slides = []
    for kind, rows in kinds_of_rows(shown).items():
        size = per_slide[kind]
        chunks = [rows[start : start + size] for start in range(0, len(rows), size)]
        for number, chunk in enumerate(chunks, start=1):
            page = f"{number}/{len(chunks)}" if len(chunks) > 1 else ""
            slides.append(SignageSlideType(kind=kind, title=TITLES[kind], page=page, rows=chunk))
    welcome = SignageSlideType(
        kind="welcome", title=WELCOME_TITLE, page="", rows=[SignageRowType(title=WELCOME_TEXT)]
    )
    return slides or [welcome]


def shown_at(content, moment):
    """What `content` lists at a later `moment`, as the server would then compute it: sessions
    that ended leave, a room's next session joins those running once it starts, notices leave at
    their time, and on a later Tokyo day the week's events of that day are today's."""

    def not_over(item):
        return item.ends_at > moment

    notices = [n for n in content.notices if n.display_until is None or n.display_until > moment]
    day = tokyo(moment).date()
    if day > content.day:
        return Shown(
            today=[
                i for i in content.this_week if tokyo(i.starts_at).date() == day and not_over(i)
            ],
            this_week=[i for i in content.this_week if tokyo(i.starts_at).date() > day],
            recruiting_groups=content.recruiting_groups,
            notices=notices,
        )
    rooms = []
    for room in content.now_and_next:
        started = room.next is not None and room.next.starts_at <= moment
        running = [i for i in [*room.now, *([room.next] if started else [])] if not_over(i)]
        upcoming = None if started else room.next
        if running or upcoming:
            rooms.append(dataclasses.replace(room, now=running, next=upcoming))
    return Shown(
        now_and_next=rooms,
        today=[i for i in content.today if not_over(i)],
        this_week=content.this_week,
        recruiting_groups=content.recruiting_groups,
        notices=notices,
    )


def midnight(day):
    return dt.datetime.combine(day, dt.time.min, tzinfo=TOKYO)


def change_moments(content):
    """Every moment at which the content's slides may change, in order. Each lies after the
    moment the content was computed, so the timeline depends on the content alone, and so does
    the response's ETag."""
    rooms = content.now_and_next
    entries = [*content.today, *content.this_week, *(i for room in rooms for i in room.now)]
    moments = {item.ends_at for item in entries}
    moments |= {
        moment for room in rooms if room.next for moment in (room.next.starts_at, room.next.ends_at)
    }
    moments |= {notice.display_until for notice in content.notices if notice.display_until}
    last_day = max(
        (tokyo(item.starts_at).date() for item in content.this_week), default=content.day
    )
    days = (last_day - content.day).days + 1
    moments |= {midnight(content.day + dt.timedelta(days=n)) for n in range(1, days + 1)}
    return sorted(moments)


def slide_timeline(content):
    """The slides of `content` now and at each later moment they change."""
    orientation = ScreenOrientation(content.screen.orientation.value)
    shown = Shown(
        now_and_next=content.now_and_next,
        today=content.today,
        this_week=content.this_week,
        recruiting_groups=content.recruiting_groups,
        notices=content.notices,
    )
    sets = [SignageSlideSetType(starts_at=None, slides=build_slides(shown, orientation))]
    for moment in change_moments(content):
        slides = build_slides(shown_at(content, moment), orientation)
        if slides != sets[-1].slides:
            sets.append(SignageSlideSetType(starts_at=moment, slides=slides))
    return sets
