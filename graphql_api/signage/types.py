"""What a signage screen shows: flat, screen-sized types built in one pass (see content.py), and
the slides made of them (slides.py)."""

import datetime as dt

import strawberry

from cms.channel_names import ScreenOrientation

from ..common.enums import enum_from_choices
from ..events.types import EventStatusEnum, VenueType
from ..notices.types import NoticePriorityEnum
from .slides import SignageSlideSetType, slide_timeline

SignageOrientationEnum = enum_from_choices(
    ScreenOrientation, "SignageOrientation", "How a screen is mounted."
)


@strawberry.type(name="SignageScreen", description="A screen's configuration, set in the admin.")
class SignageScreenType:
    slug: str = strawberry.field(description="Identifier in the screen's URL /signage/<slug>/.")
    name: str = strawberry.field(description="Name of the screen (Japanese).")
    location: str = strawberry.field(description="Where the screen hangs, e.g. 1階ロビー.")
    orientation: SignageOrientationEnum = strawberry.field(
        description="LANDSCAPE is 1920×1080, PORTRAIT 1080×1920."
    )
    seconds_per_slide: int = strawberry.field(description="How long each slide stays (5–120).")
    opens_at: dt.time = strawberry.field(description="Start of the operating hours, Tokyo time.")
    closes_at: dt.time = strawberry.field(
        description="End of the operating hours, Tokyo time; outside them the screen goes dark."
    )
    is_open_now: bool = strawberry.field(
        description="True while the current Tokyo time is inside the operating hours."
    )
    venue: VenueType | None = strawberry.field(
        description="The venue whose events the screen shows first."
    )


@strawberry.type(
    name="SignageEntry", description="One session of a public event, as a screen shows it."
)
class SignageEntryType:
    title: str = strawberry.field(description="Event title (Japanese).")
    summary: str = strawberry.field(description="One-line introduction (Japanese).")
    room: str = strawberry.field(description="Room inside the venue; empty when not given.")
    venue_name: str | None = strawberry.field(description="Venue name; null for online events.")
    at_screen_venue: bool = strawberry.field(
        description="True when the event is at the screen's own venue."
    )
    starts_at: dt.datetime = strawberry.field(description="Start of this session.")
    ends_at: dt.datetime = strawberry.field(description="End of this session.")
    all_day: bool = strawberry.field(description="True when times are not meaningful.")
    status: EventStatusEnum = strawberry.field(description="Scheduled, cancelled or postponed.")
    status_label: str = strawberry.field(description="Japanese label of the status, e.g. 中止.")
    is_sample: bool = strawberry.field(description="True for invented demonstration content.")


@strawberry.type(
    name="SignageRoom", description="A room of the screen's venue: what runs now and what is next."
)
class SignageRoomType:
    room: str = strawberry.field(description="Room name; empty when events name no room.")
    now: list[SignageEntryType] = strawberry.field(description="Sessions running at this moment.")
    next: SignageEntryType | None = strawberry.field(
        description="The next session starting later today, if any."
    )


@strawberry.type(name="SignageGroup", description="A group looking for members.")
class SignageGroupType:
    name: str = strawberry.field(description="Group name (Japanese).")
    summary: str = strawberry.field(description="One-line introduction (Japanese).")
    meeting_schedule: str = strawberry.field(description="When the group meets, free text.")
    is_sample: bool = strawberry.field(description="True for invented demonstration content.")


@strawberry.type(name="SignageNotice", description="A notice as a screen shows it: plain text.")
class SignageNoticeType:
    title: str = strawberry.field(description="Title (Japanese).")
    priority: NoticePriorityEnum = strawberry.field(description="How urgent the notice is.")
    text: str = strawberry.field(description="Body as plain text, without markup.")
    display_until: dt.datetime | None = strawberry.field(
        description="The moment the notice disappears; screens hide it then even when offline."
    )
    is_sample: bool = strawberry.field(description="True for invented demonstration content.")


@strawberry.type(
    name="SignageContent",
    description="Everything one screen shows, computed for the current Tokyo day.",
)
class SignageContentType:
    screen: SignageScreenType = strawberry.field(description="The screen's configuration.")
    generated_at: dt.datetime = strawberry.field(
        description="When this response was computed. Leave it out of a polled query: it "
        "changes every time, so the response's ETag would never match."
    )
    content_version: str = strawberry.field(
        description="Short hash of everything below and the configuration; equal versions show "
        "the same thing. Screens report it in their heartbeat."
    )
    day: dt.date = strawberry.field(description="The Tokyo day `nowAndNext` and `today` are for.")
    emergency: list[SignageNoticeType] = strawberry.field(
        description="Emergency notices being shown; while any is present it replaces every slide."
    )
    now_and_next: list[SignageRoomType] = strawberry.field(
        description="At the screen's venue, by room: the sessions running now and the next one "
        "today. Rooms with neither are left out."
    )
    today: list[SignageEntryType] = strawberry.field(
        description="Today's other sessions not yet over, the screen's venue first."
    )
    this_week: list[SignageEntryType] = strawberry.field(
        description="The next session of each event in the 7 days after today, the screen's "
        "venue first."
    )
    recruiting_groups: list[SignageGroupType] = strawberry.field(
        description="Groups looking for members, in あいうえお order."
    )
    notices: list[SignageNoticeType] = strawberry.field(
        description="Other current notices, important first, then newest."
    )

    @strawberry.field(
        description="The slides made of this content, ready to show, and how they change over "
        "the coming days without another request: sessions leave as they end, a room's next "
        "session joins those running when it starts, notices leave at their time, and at "
        "midnight the week's events of the new day become today's. Show the last set whose "
        "`startsAt` has passed; the first set has none."
    )
    def timeline(self) -> list[SignageSlideSetType]:
        return slide_timeline(self)
