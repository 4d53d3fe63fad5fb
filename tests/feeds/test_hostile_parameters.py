"""Feed parameters no event could match — a NUL, a day at the end of time, 100 kB of text — are
a readable 400 like any other bad parameter. Found by tests/fuzz: the first two were 500s."""

import pytest

from tests.factories import VenueFactory

pytestmark = pytest.mark.django_db

FEEDS = ["/feeds/events.ics", "/feeds/events.json", "/feeds/events.rss", "/feeds/events.csv"]


def refusal(response):
    return response.status_code, response["Content-Type"], response.content.decode()


def bad_request(message):
    return 400, "text/plain; charset=utf-8", message


@pytest.mark.parametrize("feed", FEEDS)
@pytest.mark.parametrize("name", ["audience", "venue", "group"])
def test_a_nul_in_a_slug_is_an_unknown_value(client, home_page, feed, name):
    assert refusal(client.get(f"{feed}?{name}=kirari%00")) == bad_request(
        f"Unknown {name} 'kirari\\x00'."
    )


@pytest.mark.parametrize("feed", FEEDS)
def test_a_day_at_the_end_of_time_is_refused(client, home_page, feed):
    assert refusal(client.get(f"{feed}?to=9999-12-31")) == bad_request(
        "to must be a day from 2000-01-01 to 2100-12-31, not '9999-12-31'."
    )


def test_a_day_before_2000_is_refused(client, home_page):
    assert refusal(client.get("/feeds/events.json?from=1999-12-31")) == bad_request(
        "from must be a day from 2000-01-01 to 2100-12-31, not '1999-12-31'."
    )


def test_a_long_value_is_quoted_only_in_part(client, home_page):
    response = client.get("/feeds/events.json", {"venue": "a" * 100_000})

    assert refusal(response) == bad_request(f"Unknown venue '{'a' * 80}…'.")


def test_a_known_slug_still_filters(client, home_page):
    VenueFactory(name="きらり鎌ケ谷市民会館", slug="kirari")

    response = client.get("/feeds/events.json?venue=kirari&to=2100-12-31")

    assert (response.status_code, response.json()["title"]) == (
        200,
        "かまがや協働ポータル イベント（会場：きらり鎌ケ谷市民会館）",
    )


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "OPTIONS"])
def test_a_method_other_than_get_is_refused_in_words(client, home_page, method):
    response = client.generic(method, "/feeds/events.json")

    assert (*refusal(response), response["Allow"]) == (
        405,
        "text/plain; charset=utf-8",
        "Feeds are read with GET or HEAD only.",
        "GET, HEAD",
    )
