"""Event filter days lie within the website calendar's years (2000–2100). Found by tests/fuzz:
dateTo 9999-12-31 made the end of the range (the next day) overflow, a masked 500."""

import pytest

from .helpers import graphql

pytestmark = pytest.mark.django_db

EVENTS_BETWEEN_QUERY = """
query ($from: Date, $to: Date) {
  events(filters: {dateFrom: $from, dateTo: $to}) { totalCount }
}
"""


def refusal(message):
    return (
        400,
        {
            "data": None,
            "errors": [
                {"message": message, "locations": [{"line": 3, "column": 3}], "path": ["events"]}
            ],
        },
    )


def test_date_to_at_the_end_of_time_is_refused(client, home_page):
    assert graphql(client, EVENTS_BETWEEN_QUERY, {"to": "9999-12-31"}) == refusal(
        "filters.dateTo must be between 2000-01-01 and 2100-12-31; got 9999-12-31."
    )


def test_date_from_before_2000_is_refused(client, home_page):
    assert graphql(client, EVENTS_BETWEEN_QUERY, {"from": "1999-12-31"}) == refusal(
        "filters.dateFrom must be between 2000-01-01 and 2100-12-31; got 1999-12-31."
    )


def test_the_last_day_of_2100_is_listed(client, home_page):
    variables = {"from": "2100-12-01", "to": "2100-12-31"}

    assert graphql(client, EVENTS_BETWEEN_QUERY, variables) == (
        200,
        {"data": {"events": {"totalCount": 0}}},
    )
