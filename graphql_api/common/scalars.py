"""Scalars whose wire format the consumers rely on."""

import datetime as dt

import strawberry

from jp.time import TOKYO


def serialize_tokyo(value):
    return value.astimezone(TOKYO).isoformat()


def parse_datetime(value):
    parsed = dt.datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError("DateTime values need a UTC offset, e.g. 2026-12-05T14:00:00+09:00")
    return parsed


# Django hands back UTC datetimes from the database; every datetime on the wire is Tokyo time.
TokyoDateTime = strawberry.scalar(
    name="DateTime",
    description="ISO 8601 date and time in Asia/Tokyo, e.g. 2026-12-05T14:00:00+09:00.",
    serialize=serialize_tokyo,
    parse_value=parse_datetime,
)

SCALAR_OVERRIDES = {dt.datetime: TokyoDateTime}
