"""The feeds as readers nobody here wrote read them: feedparser (RSS 2.0, as feed readers and
school portals use it; its release 6.0 reads no JSON Feed) and vobject (iCalendar, as CalDAV
servers and many Python calendar tools use it); ical.js and icalendar have their own modules.
Requests arrive through an internal host name; every link the readers find must be on the
portal's public address."""

import datetime as dt

import feedparser
import pytest
import time_machine
import vobject

from home.models import GroupIndexPage
from jp.time import TOKYO
from tests.factories import GroupPageFactory, VenueFactory, event_with_sessions

NOW = dt.datetime(2026, 12, 20, 12, 0, tzinfo=TOKYO)
PUBLISHED_AT = dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC)
PUBLIC = "https://kyodo.example.jp"
INTERNAL_HOST = "app-1.internal:8000"


def at(month, day, hour, year=2027):
    return dt.datetime(year, month, day, hour, tzinfo=TOKYO)


@pytest.fixture(autouse=True)
def public_address(settings):
    settings.PUBLIC_BASE_URL = PUBLIC


@pytest.fixture
def events(index):
    """A two-session course by a group with an e-mail address, and a talk the city runs."""
    with time_machine.travel(PUBLISHED_AT, tick=False):
        course = event_with_sessions(
            index,
            (at(1, 9, 10), at(1, 9, 12)),
            (at(1, 16, 10), at(1, 16, 12)),
            title="親子で学ぶ防災講座",
            slug="bousai-kouza",
            summary="全2回で、家庭でできる備えを学びます。",
            venue=VenueFactory(name="きらり鎌ケ谷市民会館", address="鎌ケ谷市初富924-1"),
        )
        course.organisers.add(
            GroupPageFactory(
                parent=GroupIndexPage.objects.get(),
                title="わかば会",
                contact_email="wakaba@example.jp",
            )
        )
        course.save_revision().publish()
        talk = event_with_sessions(
            index,
            (at(2, 6, 14), at(2, 6, 16)),
            title="協働のまちづくり講演会",
            slug="kouenkai",
            summary="市民公益活動と協働について。",
        )
        talk.save_revision().publish()
    return course, talk


def fetched(client, path):
    with time_machine.travel(NOW, tick=False):
        response = client.get(path, headers={"host": INTERNAL_HOST})
    assert response.status_code == 200
    return response


def test_feedparser_reads_the_rss_feed_without_complaint(client, events):
    parsed = feedparser.parse(fetched(client, "/feeds/events.rss").content)

    assert (parsed.bozo, parsed.version) == (False, "rss20")
    assert parsed.feed.link == f"{PUBLIC}/events/"
    assert [(entry.title, entry.link) for entry in parsed.entries] == [
        ("親子で学ぶ防災講座", f"{PUBLIC}/events/bousai-kouza/"),
        ("協働のまちづくり講演会", f"{PUBLIC}/events/kouenkai/"),
    ]
    assert all(entry.summary for entry in parsed.entries)
    self_links = [link.href for link in parsed.feed.links if link.rel == "self"]
    assert self_links == [f"{PUBLIC}/feeds/events.rss"]


def test_vobject_reads_the_calendar_feed_with_organisers_and_tokyo_times(client, events):
    response = fetched(client, "/feeds/events.ics")
    [calendar] = vobject.readComponents(response.content.decode())

    assert calendar.method.value == "PUBLISH"
    described = [
        (
            vevent.summary.value,
            vevent.dtstart.value,
            vevent.dtstamp.value,
            vevent.organizer.value,
            vevent.organizer.params["CN"],
            vevent.url.value,
        )
        for vevent in calendar.vevent_list
    ]
    assert [(summary, start.isoformat()) for summary, start, *_ in described] == [
        ("親子で学ぶ防災講座", "2027-01-09T10:00:00+09:00"),
        ("親子で学ぶ防災講座", "2027-01-16T10:00:00+09:00"),
        ("協働のまちづくり講演会", "2027-02-06T14:00:00+09:00"),
    ]
    assert [row[2:] for row in described] == [
        (PUBLISHED_AT, "mailto:wakaba@example.jp", ["わかば会"], f"{PUBLIC}/events/bousai-kouza/"),
        (PUBLISHED_AT, "mailto:wakaba@example.jp", ["わかば会"], f"{PUBLIC}/events/bousai-kouza/"),
        # The city runs it and no e-mail address is configured: its page says how to reach it.
        (
            PUBLISHED_AT,
            f"{PUBLIC}/events/kouenkai/",
            ["鎌ケ谷市市民生活部市民活動推進課"],
            f"{PUBLIC}/events/kouenkai/",
        ),
    ]
