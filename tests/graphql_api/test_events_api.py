"""The events list and event detail as the website, signage screens and school portals use them."""

import datetime as dt

import pytest

from home.models import ActionPage, Audience, EventIndexPage, GroupIndexPage
from jp.time import TOKYO
from tests.factories import GroupPageFactory, VenueFactory, event_with_sessions

from .helpers import graphql, graphql_data

LIST = """
query Events($filters: EventFilter, $order: EventOrder) {
  events(filters: $filters, order: $order) { totalCount results { title } }
}
"""
DETAIL = """
query Event($slug: String!) {
  event(slug: $slug) {
    __typename title titleKana summary status statusLabel statusNote
    description { html text }
    sessions { startsAt endsAt allDay }
    startsAt endsAt
    venue { slug name address latitude longitude }
    room attendanceMode onlineUrl
    audiences { slug name }
    organisers { name }
    organiserText
    relatedActions { number }
    fee feeDetails capacity
    registration { required deadline method url }
    contact { name phone email }
    image { alt }
    showOnSignage forSchools isSample urlPath pageType
  }
}
"""


def at(month, day, hour, minute=0):
    return dt.datetime(2027, month, day, hour, minute, tzinfo=TOKYO)


@pytest.fixture
def calendar(plan):
    """Three events: a 全3回 course, a late-evening talk and a cancelled school event."""
    events = EventIndexPage.objects.get()
    hall = VenueFactory(name="きらり鎌ケ谷市民会館", slug="kirari")
    club = GroupPageFactory(parent=GroupIndexPage.objects.get(), title="科学クラブ", slug="kagaku")
    course = event_with_sessions(
        events,
        (at(1, 9, 10), at(1, 9, 12)),
        (at(1, 16, 10), at(1, 16, 12)),
        (at(1, 23, 10), at(1, 23, 12)),
        title="プログラミング講座（全3回）",
        slug="programming",
        venue=hall,
    )
    course.audiences.set([Audience.objects.get(slug="pupils")])
    course.organisers.set([club])
    course.related_actions.set([ActionPage.objects.get(number=11)])
    course.save_revision().publish()
    late = event_with_sessions(
        events, (at(1, 16, 23, 0), at(1, 16, 23, 45)), title="夜の天体観測", slug="stars"
    )
    cancelled = event_with_sessions(
        events,
        (at(1, 12, 14), at(1, 12, 16)),
        title="学校見学会",
        slug="school-visit",
        status="cancelled",
        for_schools=True,
    )
    return course, late, cancelled


def titles(client, filters=None, order=None):
    data = graphql_data(client, LIST, {"filters": filters, "order": order})["events"]
    return data["totalCount"], [result["title"] for result in data["results"]]


def test_one_row_per_event_ordered_by_next_session_in_range(client, calendar):
    assert titles(client, {"dateFrom": "2027-01-10", "dateTo": "2027-01-31"}) == (
        3,
        ["学校見学会", "プログラミング講座（全3回）", "夜の天体観測"],
    )


def test_date_range_is_inclusive_tokyo_days(client, calendar):
    assert titles(client, {"dateFrom": "2027-01-16", "dateTo": "2027-01-16"}) == (
        2,
        ["プログラミング講座（全3回）", "夜の天体観測"],
    )
    assert titles(client, {"dateFrom": "2027-01-17", "dateTo": "2027-01-22"}) == (0, [])


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"audience": "pupils"}, ["プログラミング講座（全3回）"]),
        ({"group": "kagaku"}, ["プログラミング講座（全3回）"]),
        ({"action": 11}, ["プログラミング講座（全3回）"]),
        ({"venue": "kirari"}, ["プログラミング講座（全3回）"]),
        ({"status": "CANCELLED"}, ["学校見学会"]),
        ({"forSchools": True}, ["学校見学会"]),
        ({"attendanceMode": "ONLINE"}, []),
    ],
    ids=["audience", "group", "action", "venue", "status", "for-schools", "attendance-mode"],
)
def test_each_filter_narrows_the_list(client, calendar, filters, expected):
    assert titles(client, {"dateFrom": "2027-01-01", **filters}) == (len(expected), expected)


def test_order_by_kana_reading(client, calendar):
    course, late, cancelled = calendar
    for event, kana in (
        (course, "ぷろぐらみんぐ"),
        (late, "よるのてんたい"),
        (cancelled, "がっこう"),
    ):
        event.title_kana = kana
        event.save_revision().publish()
    assert titles(client, {"dateFrom": "2027-01-01"}, {"titleKana": "ASC"})[1] == [
        "学校見学会",
        "プログラミング講座（全3回）",
        "夜の天体観測",
    ]


def test_date_to_before_date_from_is_a_clear_error(client, calendar):
    status, body = graphql(
        client, LIST, {"filters": {"dateFrom": "2027-02-01", "dateTo": "2027-01-01"}}
    )
    assert (status, body["errors"][0]["message"]) == (
        400,
        "filters.dateTo must not be before filters.dateFrom.",
    )


def test_event_detail_has_every_field_in_tokyo_time(client, calendar):
    assert graphql_data(client, DETAIL, {"slug": "programming"}) == {
        "event": {
            "__typename": "Event",
            "title": "プログラミング講座（全3回）",
            "titleKana": "",
            "summary": "テスト用のイベントです。",
            "status": "SCHEDULED",
            "statusLabel": "開催予定",
            "statusNote": "",
            "description": {
                "html": "<p>テスト用のイベントの内容です。</p>",
                "text": "テスト用のイベントの内容です。",
            },
            "sessions": [
                {
                    "startsAt": "2027-01-09T10:00:00+09:00",
                    "endsAt": "2027-01-09T12:00:00+09:00",
                    "allDay": False,
                },
                {
                    "startsAt": "2027-01-16T10:00:00+09:00",
                    "endsAt": "2027-01-16T12:00:00+09:00",
                    "allDay": False,
                },
                {
                    "startsAt": "2027-01-23T10:00:00+09:00",
                    "endsAt": "2027-01-23T12:00:00+09:00",
                    "allDay": False,
                },
            ],
            "startsAt": "2027-01-09T10:00:00+09:00",
            "endsAt": "2027-01-23T12:00:00+09:00",
            "venue": {
                "slug": "kirari",
                "name": "きらり鎌ケ谷市民会館",
                "address": "鎌ケ谷市テスト町1-1",
                "latitude": None,
                "longitude": None,
            },
            "room": "",
            "attendanceMode": "IN_PERSON",
            "onlineUrl": "",
            "audiences": [{"slug": "pupils", "name": "小中学生"}],
            "organisers": [{"name": "科学クラブ"}],
            "organiserText": "",
            "relatedActions": [{"number": 11}],
            "fee": 0,
            "feeDetails": "",
            "capacity": None,
            "registration": {"required": False, "deadline": None, "method": "", "url": ""},
            "contact": {"name": "", "phone": "", "email": ""},
            "image": None,
            "showOnSignage": True,
            "forSchools": False,
            "isSample": False,
            "urlPath": "/events/programming/",
            "pageType": "event",
        }
    }


def test_unknown_slug_is_null_not_an_error(client, calendar):
    assert graphql_data(client, DETAIL, {"slug": "no-such-event"}) == {"event": None}
