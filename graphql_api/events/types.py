"""Events, their sessions, venues and audiences."""

import datetime as dt

import strawberry
import strawberry_django

from home.models import AttendanceMode, Audience, EventPage, EventSession, EventStatus, Venue
from home.models.events import EventPageQuerySet
from home.models.limits import MAX_AUDIENCES, MAX_ORGANISERS, MAX_SESSIONS, PLAN_ACTIONS

from ..common.enums import enum_from_choices
from ..common.fields import model_field
from ..common.types import ImageType, PageInterface, RichTextType, rich_text
from ..groups.types import GroupType
from ..list_bounds import at_most
from ..plan.types import ActionType

EventStatusEnum = enum_from_choices(EventStatus, "EventStatus", "Whether an event goes ahead.")
AttendanceModeEnum = enum_from_choices(AttendanceMode, "AttendanceMode", "How people take part.")


@strawberry_django.type(
    EventSession, name="Session", description="One dated occurrence of an event."
)
class SessionType:
    starts_at: dt.datetime = model_field(description="Start, in Asia/Tokyo.")
    ends_at: dt.datetime = model_field(description="End, in Asia/Tokyo.")
    all_day: bool = model_field(description="True when times are not meaningful.")

    @strawberry_django.field(description="Identifier that never changes, for calendar UIDs.")
    def uid(self) -> strawberry.ID:
        return strawberry.ID(str(self.uid))

    @classmethod
    def get_queryset(cls, queryset, info, **kwargs):
        return queryset.order_by("starts_at", "pk")


@strawberry_django.type(Venue, name="Venue", description="A place where events happen.")
class VenueType:
    slug: str = model_field(description="Identifier used by the `venue` filters.")
    name: str = model_field(description="Name (Japanese).")
    name_kana: str = model_field(description="Reading in hiragana.")
    address: str = model_field(description="Postal address.")
    access: str = model_field(description="How to get there.")
    barrier_free_notes: str = model_field(description="Accessibility information.")
    is_sample: bool = model_field(description="True for invented demonstration data.")

    @strawberry_django.field(description="Latitude in decimal degrees.")
    def latitude(self) -> float | None:
        return None if self.latitude is None else float(self.latitude)

    @strawberry_django.field(description="Longitude in decimal degrees.")
    def longitude(self) -> float | None:
        return None if self.longitude is None else float(self.longitude)


@strawberry_django.type(Audience, name="Audience", description="Who an event is meant for.")
class AudienceType:
    slug: str = model_field(description="Identifier used by the `audience` filter.")
    name: str = model_field(description="Name (Japanese), e.g. 小中学生.")


@strawberry.type(name="Registration", description="Whether and how to sign up.")
class RegistrationType:
    required: bool = strawberry.field(description="True when people must register in advance.")
    deadline: dt.datetime | None = strawberry.field(description="Last moment to register.")
    method: str = strawberry.field(description="How to register, free text (Japanese).")
    url: str = strawberry.field(description="Online registration form, if any.")


@strawberry.type(name="EventContact", description="Who answers questions about the event.")
class EventContactType:
    name: str = strawberry.field(description="Contact person or organisation.")
    phone: str = strawberry.field(description="Phone number.")
    email: str = strawberry.field(description="E-mail address.")


@strawberry_django.type(EventPage, name="Event", description="An event citizens can join.")
class EventType(PageInterface):
    @classmethod
    def get_queryset(cls, queryset, info, **kwargs):
        # A window from EventPage.objects.find is public already; applying the rule again
        # would only cost its count the fast path (EventPageQuerySet.count).
        if isinstance(queryset, EventPageQuerySet) and queryset.is_window_as_found():
            return queryset
        return super().get_queryset(queryset, info, **kwargs)

    title_kana: str = model_field(description="Title in hiragana.")
    summary: str = model_field(description="One-line introduction (Japanese).")
    status: EventStatusEnum = model_field(description="Scheduled, cancelled or postponed.")
    status_note: str = model_field(description="Why it was cancelled or postponed.")
    sessions: list[SessionType] = model_field(
        description=f"Every session, in date order (at most {MAX_SESSIONS}).",
        extensions=at_most(MAX_SESSIONS),
    )
    starts_at: dt.datetime | None = model_field(description="Start of the first session.")
    ends_at: dt.datetime | None = model_field(description="End of the last session.")
    venue: VenueType | None = model_field(description="Where it happens (none if online).")
    room: str = model_field(description="Room inside the venue.")
    attendance_mode: AttendanceModeEnum = model_field(description="In person, online or both.")
    online_url: str = model_field(description="Where to join online.")
    audiences: list[AudienceType] = model_field(
        description=f"Who it is meant for (at most {MAX_AUDIENCES}).",
        extensions=at_most(MAX_AUDIENCES),
    )
    organisers: list[GroupType] = model_field(
        description=f"Public organising groups (at most {MAX_ORGANISERS}).",
        extensions=at_most(MAX_ORGANISERS),
    )
    organiser_text: str = model_field(description="Other organisers, free text.")
    related_actions: list[ActionType] = model_field(
        description="Plan actions the event carries out, by number.",
        extensions=at_most(PLAN_ACTIONS),
    )
    fee: int = model_field(description="Fee in yen; 0 means free.")
    fee_details: str = model_field(description="What the fee covers.")
    capacity: int | None = model_field(description="Maximum participants, if limited.")
    image: ImageType | None = model_field(description="Picture for the event.")
    show_on_signage: bool = model_field(description="Shown on the civic centre's screens.")
    for_schools: bool = model_field(description="Shared with partner school portals.")
    is_sample: bool = model_field(
        description="True for invented demonstration content; show it as a sample (サンプル)."
    )

    @strawberry_django.field(description="Japanese label of the status, e.g. 中止.")
    def status_label(self) -> str:
        return self.get_status_display()

    @strawberry_django.field(description="Description (Japanese rich text).")
    def description(self) -> RichTextType:
        return rich_text(self.description)

    @strawberry_django.field(description="Registration details.")
    def registration(self) -> RegistrationType:
        return RegistrationType(
            required=self.registration_required,
            deadline=self.registration_deadline,
            method=self.registration_method,
            url=self.registration_url,
        )

    @strawberry_django.field(description="Contact for questions.")
    def contact(self) -> EventContactType:
        return EventContactType(
            name=self.contact_name, phone=self.contact_phone, email=self.contact_email
        )
