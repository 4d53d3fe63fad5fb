import datetime as dt
from typing import Annotated

import strawberry
import strawberry_django
from graphql import GraphQLError
from strawberry.types import Info
from strawberry_django import Ordering
from strawberry_django.pagination import OffsetPaginationInput

from home.models import EventPage
from home.models.criteria import (
    BACKWARDS_RANGE,
    LONGEST_RANGE_DAYS,
    RANGE_TOO_LONG,
    EventCriteria,
    date_range_problem,
)
from jp.calendar import EARLIEST_YEAR, LATEST_YEAR, year_in_range

from ..common.optimizing import optimized
from ..pagination import PAGINATION_DESCRIPTION, BoundedPagination, list_type
from .types import AttendanceModeEnum, EventStatusEnum, EventType

EventList = list_type(EventType, "EventList", "events")
DATE_RANGE_MESSAGES = {
    BACKWARDS_RANGE: "filters.dateTo must not be before filters.dateFrom.",
    RANGE_TOO_LONG: f"A date range may span at most {LONGEST_RANGE_DAYS} days.",
}


@strawberry.input(name="EventFilter", description="Narrow the event list; all given filters apply.")
class EventFilter:
    date_from: dt.date | None = strawberry.field(
        default=None,
        description="Sessions on or after this Tokyo day (inclusive). Default: sessions not yet over.",
    )
    date_to: dt.date | None = strawberry.field(
        default=None, description="Sessions on or before this Tokyo day (inclusive)."
    )
    audience: str | None = strawberry.field(default=None, description="Audience slug, e.g. pupils.")
    group: str | None = strawberry.field(default=None, description="Organising group's slug.")
    action: int | None = strawberry.field(default=None, description="Plan action number (1–22).")
    venue: str | None = strawberry.field(default=None, description="Venue slug.")
    status: EventStatusEnum | None = strawberry.field(default=None, description="Only this status.")
    for_schools: bool | None = strawberry.field(
        default=None, description="Only events shared (or not) with partner schools."
    )
    show_on_signage: bool | None = strawberry.field(
        default=None, description="Only events shown (or not) on the civic centre's screens."
    )
    attendance_mode: AttendanceModeEnum | None = strawberry.field(
        default=None, description="Only this way of taking part."
    )


@strawberry.input(
    name="EventOrder", description="Sort order; the default is the next session first."
)
class EventOrder:
    # Named for the annotation EventPage.objects.find adds: strawberry-django orders by the Python name.
    next_starts_at: Ordering | None = strawberry.field(
        default=None, name="startsAt", description="By the first session inside the date range."
    )
    title_kana: Ordering | None = strawberry.field(default=None, description="By reading.")


def check_within_calendar(name, day):
    # The calendar's years, as on the website: a day past them is a typing mistake, and the last
    # day Python knows (9999-12-31) has no next day to end a range with.
    if day is not None and not year_in_range(day.year):
        raise GraphQLError(
            f"filters.{name} must be between {EARLIEST_YEAR}-01-01 and {LATEST_YEAR}-12-31; "
            f"got {day.isoformat()}."
        )


def event_criteria(filters):
    if filters is None:
        return EventCriteria()
    check_within_calendar("dateFrom", filters.date_from)
    check_within_calendar("dateTo", filters.date_to)
    problem = date_range_problem(filters.date_from, filters.date_to)
    if problem:
        raise GraphQLError(DATE_RANGE_MESSAGES[problem])
    return EventCriteria(
        date_from=filters.date_from,
        date_to=filters.date_to,
        audience=filters.audience,
        group=filters.group,
        action=filters.action,
        venue=filters.venue,
        status=filters.status.value if filters.status else None,
        for_schools=filters.for_schools,
        show_on_signage=filters.show_on_signage,
        attendance_mode=filters.attendance_mode.value if filters.attendance_mode else None,
    )


@strawberry.type
class EventQuery:
    @strawberry_django.offset_paginated(
        EventList,
        description="Public events with a session in the date range, one row per event, "
        "next session first.",
        extensions=[BoundedPagination()],
    )
    def events(
        self,
        filters: Annotated[
            EventFilter | None, strawberry.argument(description="Optional filters.")
        ] = None,
        order: Annotated[
            EventOrder | None, strawberry.argument(description="Optional sort order.")
        ] = None,
        pagination: Annotated[
            OffsetPaginationInput | None, strawberry.argument(description=PAGINATION_DESCRIPTION)
        ] = None,
    ) -> list[EventType]:
        # `order`, when given, is applied by strawberry-django after this default ordering.
        return EventPage.objects.find(event_criteria(filters))

    @strawberry_django.field(description="One public event by its slug, or null.")
    def event(
        self, info: Info, slug: Annotated[str, strawberry.argument(description="The event's slug.")]
    ) -> EventType | None:
        return optimized(EventPage.objects.public().filter(slug=slug), info).first()
