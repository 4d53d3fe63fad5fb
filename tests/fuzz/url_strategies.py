"""Requests to every public URL with hostile query strings and path segments.

A request picks a route first, then mostly the parameters that route reads (so a hostile value
reaches the code that parses it) and sometimes ones it does not. Values are written
percent-encoded by hand, so bytes no browser would send reach the server as sent: %00,
%ED%A0%80 (a UTF-8-encoded surrogate), %FF, overlong %C0%AF, a cut-off %E3%81.
"""

from dataclasses import dataclass
from functools import cache
from urllib.parse import quote

from hypothesis import strategies as st

from .content import INACTIVE_SCREEN_SLUG, SCREEN_SLUG
from .values import EXTREME_INTEGERS, HOSTILE_TEXTS, HUGE_TEXT, INVALID_DATES


def encoded(text):
    """Percent-encoded UTF-8, keeping a lone surrogate as the three bytes it would take."""
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


# The values that have broken a parameter somewhere: every route's parameters get each of them
# in the sweep (test_public_urls.py), and the fuzzer draws them often.
DANGEROUS_VALUES = (
    "%00",
    "a%00b",
    "%ED%A0%80",
    "%FF",
    "%C0%AF",
    "%E3%81",
    "%EF%BC%91%EF%BC%92",  # １２
    "%E2%80%AE",  # right-to-left override
    "",
    "-1",
    "0",
    "99999999999999999999",
    "9999-12-31",
    "0001-01-01",
    "2026-02-30",
    "a" * 10_000,
)
OTHER_RAW_VALUES = (
    "%",
    "%G0",
    "%25",
    "+",
    "%0D%0ASet-Cookie:%20x=1",
    "1e10",
    "last",
    "1.5",
    "true",
    "false",
    "..%2F..%2Fetc%2Fpasswd",
)
EVENT_TOPIC_FILTERS = ("audience", "venue", "group", "action")
EVENT_FILTERS = ("date_from", "date_to", *EVENT_TOPIC_FILTERS, "page")
GROUP_FILTERS = ("activity_field", "organisation_type", "district", "recruiting", "page")
FEED_PARAMETERS = ("from", "to", *EVENT_TOPIC_FILTERS, "forSchools", "limit", "key")
UNREAD_PARAMETERS = ("utm_source", "%00", "", "a[]", "page[]", "q%ED%A0%80")
FEEDS = ("/feeds/events.ics", "/feeds/events.json", "/feeds/events.rss", "/feeds/events.csv")
STATIC_ROUTES = ("/sitemap.xml", "/robots.txt", "/signage/sw.js", "/static/widget/events.js")
TRAVERSALS = (
    "/../../etc/passwd",
    "/events/..%2F..%2Fetc%2Fpasswd/",
    "/static/../../etc/passwd",
    "/static/%2e%2e/%2e%2e/etc/passwd",
    "/media/original_images/../../../etc/passwd",
    "/media/images/%2e%2e%2f%2e%2e%2fsettings.py",
    "/documents/1/..%2F..%2Fetc%2Fpasswd",
    "/signage/..%2F..%2F/",
    "/%00/",
    "/events/%00/",
    "/groups/%ED%A0%80/",
    "/events/calendar/%00/1/",
    "//example.com/",
    "/" + "a" * 5000 + "/",
    "/events/" + "%E3%81%82" * 2000 + "/",
)


@dataclass(frozen=True)
class Route:
    """A family of URLs and the query parameters its view reads."""

    name: str
    example: str  # one URL of the family, for the sweep
    paths: st.SearchStrategy
    parameters: tuple


def segments(real):
    """A path segment: a real one, or a hostile one percent-encoded."""
    return st.one_of(
        st.sampled_from(real),
        st.sampled_from(DANGEROUS_VALUES),
        st.sampled_from(HOSTILE_TEXTS).filter(lambda text: text != HUGE_TEXT).map(encoded),
        st.text(min_size=1, max_size=20).map(encoded),
    )


@cache
def routes(content):
    event_slugs = (*content.event_slugs, *content.hidden_slugs)
    pages = (*content.page_paths, *content.hidden_paths)
    numbers = st.one_of(
        st.sampled_from(EXTREME_INTEGERS).map(str), st.sampled_from(DANGEROUS_VALUES)
    )
    return (
        Route("home", "/", st.just("/"), ()),
        Route("event list", "/events/", st.just("/events/"), EVENT_FILTERS),
        Route(
            "event calendar",
            "/events/calendar/",
            st.one_of(
                st.just("/events/calendar/"),
                st.tuples(numbers, numbers).map(lambda ym: f"/events/calendar/{ym[0]}/{ym[1]}/"),
            ),
            EVENT_TOPIC_FILTERS,
        ),
        Route("group list", "/groups/", st.just("/groups/"), GROUP_FILTERS),
        Route("page", pages[0], st.sampled_from(pages), ("page",)),
        Route(
            "document",
            content.document_url,
            st.one_of(
                st.just(content.document_url),
                numbers.map(lambda number: f"/documents/{number}/plan.txt"),
            ),
            (),
        ),
        Route("search", "/search/", st.just("/search/"), ("q", "page")),
        # The sweep's example is the JSON feed: the one format that reads every parameter.
        Route("feed", FEEDS[1], st.sampled_from(FEEDS), FEED_PARAMETERS),
        Route(
            "event calendar file",
            f"/events/{content.event_slugs[0]}/calendar.ics",
            segments(event_slugs).map(lambda slug: f"/events/{slug}/calendar.ics"),
            ("key",),
        ),
        Route(
            "signage screen",
            f"/signage/{SCREEN_SLUG}/",
            segments([SCREEN_SLUG, INACTIVE_SCREEN_SLUG]).map(lambda slug: f"/signage/{slug}/"),
            ("poll", "slide", "heartbeat"),
        ),
        Route("fixed file", STATIC_ROUTES[0], st.sampled_from(STATIC_ROUTES), ("p",)),
        Route("traversal", TRAVERSALS[0], st.sampled_from(TRAVERSALS), ()),
        Route(
            "unknown page",
            f"{pages[0]}%00/",
            st.tuples(st.sampled_from(pages), segments(event_slugs)).map("".join),
            (),
        ),
    )


@cache
def url_values(content):
    dangerous = st.sampled_from(DANGEROUS_VALUES)
    return st.one_of(
        dangerous,
        dangerous,
        st.sampled_from(OTHER_RAW_VALUES),
        st.sampled_from(INVALID_DATES).map(encoded),
        st.dates().map(lambda day: day.isoformat()),
        st.sampled_from(EXTREME_INTEGERS).map(str),
        st.sampled_from(
            [*content.audience_slugs, *content.venue_slugs, *content.group_slugs, "pupils"]
        ),
        st.sampled_from(content.hidden_slugs),
        st.sampled_from(HOSTILE_TEXTS).filter(lambda text: text != HUGE_TEXT).map(encoded),
        st.text(max_size=20).map(encoded),
    )


@st.composite
def page_urls(draw, content):
    route = draw(st.sampled_from(routes(content)), label="route")
    path = draw(route.paths)
    unread = st.sampled_from(UNREAD_PARAMETERS)
    names = unread
    if route.parameters:
        read = st.sampled_from(route.parameters)
        names = st.one_of(read, read, read, unread)
    pairs = draw(st.lists(st.tuples(names, url_values(content)), max_size=5))
    query = "&".join(f"{name}={value}" for name, value in pairs)
    return f"{path}?{query}" if query else path


def sweep(content):
    """Every page of the content and every hidden one; every parameter of every route with
    every dangerous value, one URL each; every traversal; and the calendar's month path with
    dangerous years and months."""
    yield from content.page_paths
    yield from content.hidden_paths
    for route in routes(content):
        for name in route.parameters:
            for value in DANGEROUS_VALUES:
                yield f"{route.example}?{name}={value}"
    yield from TRAVERSALS
    for value in DANGEROUS_VALUES:
        yield f"/events/calendar/{value}/1/"
        yield f"/events/calendar/2026/{value}/"
