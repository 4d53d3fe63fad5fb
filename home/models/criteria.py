"""What a visitor or consumer asks of a list, in one vocabulary every channel shares.

Each channel (site filter forms, GraphQL arguments, feed parameters) turns its input into these
criteria and hands them to the models' querysets, so all of them list the same things.
"""

from dataclasses import dataclass

LONGEST_RANGE_DAYS = 366
BACKWARDS_RANGE, RANGE_TOO_LONG = "backwards", "too_long"


def date_range_problem(first_day, last_day):
    """Why a requested date range cannot be listed (BACKWARDS_RANGE, RANGE_TOO_LONG), or None.

    Each channel words the problem in its own language.
    """
    if not (first_day and last_day):
        return None
    if last_day < first_day:
        return BACKWARDS_RANGE
    if (last_day - first_day).days > LONGEST_RANGE_DAYS:
        return RANGE_TOO_LONG
    return None


@dataclass(frozen=True)
class EventCriteria:
    """What a visitor or consumer asks of the event list. Empty fields do not filter."""

    date_from: object = None  # a date: sessions on or after this Tokyo day; default: from now
    date_to: object = None  # a date: sessions on or before this Tokyo day
    audience: str | None = None  # Audience.slug
    group: str | None = None  # organiser GroupPage.slug
    action: int | None = None  # ActionPage.number
    venue: str | None = None  # Venue.slug
    status: str | None = None
    for_schools: bool | None = None
    show_on_signage: bool | None = None
    attendance_mode: str | None = None


@dataclass(frozen=True)
class GroupCriteria:
    """What a visitor or consumer asks of the group directory. Empty fields do not filter."""

    activity_field: int | None = None  # ActivityField.number
    organisation_type: str | None = None
    district: str | None = None  # District.name
    recruiting: bool | None = None
    action: int | None = None  # ActionPage.number


def exact_filters(lookups):
    """The given {lookup: value} filters without the ones left empty."""
    return {name: value for name, value in lookups.items() if value is not None}
