"""/feeds/events.ics, read back with the icalendar library as a calendar app would; and the
parameters every feed shares."""

import datetime as dt

import pytest
import time_machine
from django.http import QueryDict
from icalendar import Calendar
from wagtail.models import PageViewRestriction

from feeds.params import read_parameters
from home.models import ActionPage, Audience, EventCriteria, GroupIndexPage
from jp.time import TOKYO
from tests.factories import GroupPageFactory, VenueFactory, event_with_sessions

NOW = dt.datetime(2026, 12, 20, 12, 0, tzinfo=TOKYO)
PUBLISHED_AT = dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC)
FEED_NAME = "かまがや協働ポータル イベント"
FEEDS = ["/feeds/events.ics", "/feeds/events.json", "/feeds/events.rss", "/feeds/events.csv"]
# The events with their venues, their sessions, their public organisers, one aggregate for every
# SEQUENCE and the city's contact settings (ORGANIZER); the Site's root paths for the event URLs
# are cached after the first request.
ICS_QUERIES = 5


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def at(month, day, hour, year=2027):
    return dt.datetime(year, month, day, hour, tzinfo=TOKYO)


def published(event, moment=PUBLISHED_AT):
    with time_machine.travel(moment, tick=False):
        event.save_revision().publish()
    event.refresh_from_db()
    return event


def fetch(client, query=""):
    response = client.get(f"/feeds/events.ics{query}")
    assert response.status_code == 200, response.content
    calendar = Calendar.from_ical(response.content)
    assert calendar.errors == []
    return calendar


def vevents(calendar):
    return calendar.walk("VEVENT")


def uids(calendar):
    return [str(vevent["UID"]) for vevent in vevents(calendar)]


def titles(calendar):
    """Each event's SUMMARY once, in feed order."""
    return list(dict.fromkeys(str(vevent["SUMMARY"]) for vevent in vevents(calendar)))


@pytest.fixture
def course(index):
    """A two-session course in January 2027, published once at PUBLISHED_AT."""
    event = event_with_sessions(
        index,
        (at(1, 9, 10), at(1, 9, 12)),
        (at(1, 16, 10), at(1, 16, 12)),
        title="親子で学ぶ防災講座",
        slug="bousai-kouza",
        summary="全2回で、家庭でできる備えを学びます。",
        venue=VenueFactory(name="きらり鎌ケ谷市民会館", address="鎌ケ谷市初富924-1"),
        room="第1会議室",
    )
    return published(event)


def test_feed_is_a_calendar_to_subscribe_to_in_tokyo_time(client, course):
    response = client.get("/feeds/events.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8; method=PUBLISH"
    assert response["Cache-Control"] == "public, max-age=30, stale-while-revalidate=60"
    calendar = Calendar.from_ical(response.content)
    assert calendar.calendar_name == FEED_NAME
    assert str(calendar["X-WR-CALNAME"]) == FEED_NAME
    assert calendar.decoded("REFRESH-INTERVAL") == dt.timedelta(hours=1)
    assert str(calendar["X-PUBLISHED-TTL"]) == "PT1H"
    assert str(calendar["METHOD"]) == "PUBLISH"
    [timezone] = calendar.walk("VTIMEZONE")
    assert str(timezone["TZID"]) == "Asia/Tokyo"
    assert [standard.decoded("TZOFFSETTO") for standard in timezone.walk("STANDARD")] == [
        dt.timedelta(hours=9)
    ]


def test_the_feed_is_the_same_bytes_until_the_content_changes(client, course, frozen_now):
    """Calendar apps poll the feed hourly: unchanged content must keep its ETag, for a 304."""
    first = client.get("/feeds/events.ics")
    frozen_now.shift(dt.timedelta(minutes=50))
    later = client.get("/feeds/events.ics", headers={"if-none-match": first["ETag"]})
    assert (later.status_code, later["ETag"]) == (304, first["ETag"])

    published(course, NOW + dt.timedelta(minutes=55))
    changed = client.get("/feeds/events.ics", headers={"if-none-match": first["ETag"]})
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def test_each_session_is_a_vevent_with_the_events_details(client, course):
    first, second = course.sessions.order_by("starts_at")

    def described(vevent):
        return {
            "UID": str(vevent["UID"]),
            "SEQUENCE": vevent["SEQUENCE"],
            "DTSTAMP": vevent.decoded("DTSTAMP"),
            "LAST-MODIFIED": vevent.decoded("LAST-MODIFIED"),
            "DTSTART": vevent.decoded("DTSTART"),
            "DTEND": vevent.decoded("DTEND"),
            "SUMMARY": str(vevent["SUMMARY"]),
            "STATUS": str(vevent["STATUS"]),
            "LOCATION": str(vevent["LOCATION"]),
            "URL": str(vevent["URL"]),
            "DESCRIPTION": str(vevent["DESCRIPTION"]),
            "ORGANIZER": (str(vevent["ORGANIZER"]), vevent["ORGANIZER"].params["CN"]),
        }

    def expected(session, starts, ends):
        return {
            "UID": f"{session.uid}@kamagaya-kyodo",
            "SEQUENCE": 1,
            "DTSTAMP": PUBLISHED_AT,
            "LAST-MODIFIED": PUBLISHED_AT,
            "DTSTART": starts,
            "DTEND": ends,
            "SUMMARY": "親子で学ぶ防災講座",
            "STATUS": "CONFIRMED",
            "LOCATION": "きらり鎌ケ谷市民会館 第1会議室, 鎌ケ谷市初富924-1",
            "URL": "http://localhost/events/bousai-kouza/",
            "DESCRIPTION": "全2回で、家庭でできる備えを学びます。",
            "ORGANIZER": ("mailto:wakaba@example.jp", "わかば会"),
        }

    course.organisers.add(
        GroupPageFactory(
            parent=GroupIndexPage.objects.get(), title="わかば会", contact_email="wakaba@example.jp"
        )
    )
    course.save()
    assert [described(vevent) for vevent in vevents(fetch(client))] == [
        expected(first, at(1, 9, 10), at(1, 9, 12)),
        expected(second, at(1, 16, 10), at(1, 16, 12)),
    ]


def test_feed_and_event_file_write_a_session_identically(client, course):
    feed = fetch(client)
    event_file = Calendar.from_ical(client.get("/events/bousai-kouza/calendar.ics").content)
    assert [vevent.to_ical() for vevent in vevents(feed)] == [
        vevent.to_ical() for vevent in vevents(event_file)
    ]


def test_session_uids_stay_the_same_across_fetches_and_republishing(client, course):
    before = uids(fetch(client))
    assert uids(fetch(client)) == before
    course.title = "親子で学ぶ防災講座（内容更新）"
    published(course, NOW)
    after = fetch(client)
    assert uids(after) == before
    assert titles(after) == ["親子で学ぶ防災講座（内容更新）"]
    assert before == [f"{session.uid}@kamagaya-kyodo" for session in course.sessions.all()]


def test_sequence_grows_by_one_with_each_publication(client, course):
    sequences = [[vevent["SEQUENCE"] for vevent in vevents(fetch(client))]]
    for hours in (1, 2):
        published(course, NOW + dt.timedelta(hours=hours))
        sequences.append([vevent["SEQUENCE"] for vevent in vevents(fetch(client))])
    assert sequences == [[1, 1], [2, 2], [3, 3]]
    assert [vevent.decoded("LAST-MODIFIED") for vevent in vevents(fetch(client))] == [
        NOW + dt.timedelta(hours=2)
    ] * 2


def test_cancelled_event_keeps_its_sessions_marked_cancelled(client, course):
    before = fetch(client)
    course.status = "cancelled"
    course.status_note = "荒天のため中止します"
    published(course, NOW)
    after = fetch(client)
    assert uids(after) == uids(before)
    assert [(str(vevent["STATUS"]), vevent["SEQUENCE"]) for vevent in vevents(after)] == [
        ("CANCELLED", 2),
        ("CANCELLED", 2),
    ]
    assert titles(after) == ["【中止】親子で学ぶ防災講座"]
    assert str(vevents(after)[0]["DESCRIPTION"]) == (
        "全2回で、家庭でできる備えを学びます。\n荒天のため中止します"
    )


def test_sessions_of_the_last_30_days_stay_in_the_feed(client, index):
    event_with_sessions(index, (at(11, 20, 10, 2026), at(11, 20, 12, 2026)), title="30日前")
    event_with_sessions(index, (at(11, 19, 10, 2026), at(11, 19, 12, 2026)), title="31日前")
    event_with_sessions(index, (at(12, 19, 10, 2026), at(12, 19, 12, 2026)), title="昨日")
    assert titles(fetch(client)) == ["30日前", "昨日"]


def test_from_and_to_choose_the_events_and_each_keeps_all_its_sessions(client, course, index):
    event_with_sessions(index, (at(2, 5, 10), at(2, 5, 12)), title="二月の催し")
    calendar = fetch(client, "?from=2027-01-10&to=2027-01-31")
    assert titles(calendar) == ["親子で学ぶ防災講座"]
    assert [vevent.decoded("DTSTART") for vevent in vevents(calendar)] == [
        at(1, 9, 10),
        at(1, 16, 10),
    ]


@pytest.fixture
def audiences_and_places(index):
    """An event for pupils shared with schools, and one for seniors that is not."""
    wakaba = GroupPageFactory(parent=GroupIndexPage.objects.get(), title="わかば会", slug="wakaba")
    for_pupils = event_with_sessions(
        index,
        (at(1, 9, 10), at(1, 9, 12)),
        title="小中学生の科学教室",
        for_schools=True,
        venue=VenueFactory(name="きらり鎌ケ谷市民会館", slug="kirari-kamagaya"),
    )
    for_pupils.audiences.add(Audience.objects.get(slug="pupils"))
    for_pupils.organisers.add(wakaba)
    for_pupils.related_actions.add(ActionPage.objects.get(number=7))
    for_pupils.save()
    for_seniors = event_with_sessions(index, (at(1, 10, 10), at(1, 10, 12)), title="シニアの体操")
    for_seniors.audiences.add(Audience.objects.get(slug="seniors"))
    for_seniors.save()


FILTER_CASES = [
    ("", ["小中学生の科学教室", "シニアの体操"], FEED_NAME),
    ("?audience=pupils", ["小中学生の科学教室"], f"{FEED_NAME}（小中学生向け）"),
    ("?audience=seniors", ["シニアの体操"], f"{FEED_NAME}（シニア向け）"),
    ("?forSchools=true", ["小中学生の科学教室"], f"{FEED_NAME}（学校配信）"),
    ("?forSchools=false", ["シニアの体操"], f"{FEED_NAME}（学校配信を除く）"),
    (
        "?venue=kirari-kamagaya",
        ["小中学生の科学教室"],
        f"{FEED_NAME}（会場：きらり鎌ケ谷市民会館）",
    ),
    ("?group=wakaba", ["小中学生の科学教室"], f"{FEED_NAME}（主催：わかば会）"),
    ("?action=7", ["小中学生の科学教室"], f"{FEED_NAME}（アクション7）"),
    ("?action=8", [], f"{FEED_NAME}（アクション8）"),
    (
        "?audience=pupils&forSchools=true",
        ["小中学生の科学教室"],
        f"{FEED_NAME}（小中学生向け、学校配信）",
    ),
    ("?audience=seniors&forSchools=true", [], f"{FEED_NAME}（シニア向け、学校配信）"),
]


@pytest.mark.parametrize(
    ("query", "expected_titles", "name"),
    [pytest.param(*case, id=case[0] or "no-filter") for case in FILTER_CASES],
)
def test_filters_choose_the_events_and_name_the_calendar(
    client, audiences_and_places, query, expected_titles, name
):
    calendar = fetch(client, query)
    assert titles(calendar) == expected_titles
    assert calendar.calendar_name == name


@pytest.mark.parametrize("feed", FEEDS)
def test_only_public_events_appear_in_any_feed(client, index, feed):
    def upcoming(title, **fields):
        return event_with_sessions(index, (at(1, 9, 10), at(1, 9, 12)), title=title, **fields)

    visible = upcoming("公開中のイベント")
    visible.title = "未承認の新しいタイトル"
    visible.save_revision()
    upcoming("下書きのイベント", live=False)
    upcoming("公開停止したイベント").unpublish()
    upcoming("期限切れのイベント", expire_at=NOW - dt.timedelta(minutes=1))
    restricted = upcoming("限定公開のイベント")
    PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    body = client.get(feed).content.decode("utf-8-sig")
    hidden = ["未承認の新しいタイトル", "下書き", "公開停止", "期限切れ", "限定公開"]
    assert ("公開中のイベント" in body, [title for title in hidden if title in body]) == (True, [])


def test_events_under_a_restricted_section_do_not_appear(client, course, index):
    PageViewRestriction.objects.create(
        page=index, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    assert titles(fetch(client)) == []


@pytest.mark.parametrize("events", [1, 4])
def test_feed_costs_the_same_queries_for_1_and_4_events(
    client, index, django_assert_num_queries, events
):
    groups = GroupIndexPage.objects.get()
    for number in range(events):
        event = event_with_sessions(
            index,
            (at(1, 9 + number, 10), at(1, 9 + number, 12)),
            (at(2, 9 + number, 10), at(2, 9 + number, 12)),
        )
        # Every other event has a group of its own to name as ORGANIZER, the rest the city.
        if number % 2 == 0:
            event.organisers.add(GroupPageFactory(parent=groups, title=f"団体{number}"))
        published(event)
    assert len(vevents(fetch(client))) == 2 * events
    with django_assert_num_queries(ICS_QUERIES):
        assert len(vevents(fetch(client))) == 2 * events


# Every feed reads its parameters the same way; these run against all four.

BAD_PARAMETERS = [
    ("audience=nobody", "Unknown audience 'nobody'."),
    ("venue=nowhere", "Unknown venue 'nowhere'."),
    ("group=nobody", "Unknown group 'nobody'."),
    ("group=draft-group", "Unknown group 'draft-group'."),
    ("action=99", "action must be a plan action number from 1 to 22, not '99'."),
    ("action=0", "action must be a plan action number from 1 to 22, not '0'."),
    ("action=seven", "action must be a plan action number from 1 to 22, not 'seven'."),
    ("forSchools=maybe", "forSchools must be true or false, not 'maybe'."),
    ("forSchools=1", "forSchools must be true or false, not '1'."),
    ("from=2027-1-9", "from must be a date as YYYY-MM-DD, not '2027-1-9'."),
    ("to=2027-02-30", "to must be a date as YYYY-MM-DD, not '2027-02-30'."),
    ("from=20270109", "from must be a date as YYYY-MM-DD, not '20270109'."),
    ("from=2027-02-01&to=2027-01-31", "to must not be before from."),
    ("from=2027-01-01&to=2028-01-03", "from and to may span at most 366 days."),
    (
        "audience=nobody&forSchools=maybe",
        "Unknown audience 'nobody'.\nforSchools must be true or false, not 'maybe'.",
    ),
]


def bad_request_message(response):
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    return response.content.decode()


@pytest.mark.parametrize(("query", "message"), BAD_PARAMETERS)
def test_bad_parameters_are_explained_with_400(client, home_page, query, message):
    GroupPageFactory(parent=GroupIndexPage.objects.get(), slug="draft-group", live=False)
    assert bad_request_message(client.get(f"/feeds/events.ics?{query}")) == message


@pytest.mark.parametrize("feed", FEEDS)
def test_every_feed_answers_bad_parameters_with_400(client, home_page, feed):
    response = client.get(f"{feed}?action=23&from=2027-02-01&to=2027-01-31")
    assert bad_request_message(response) == (
        "action must be a plan action number from 1 to 22, not '23'.\nto must not be before from."
    )


@pytest.mark.parametrize("feed", FEEDS)
def test_a_range_of_366_days_and_empty_values_are_accepted(client, home_page, feed):
    response = client.get(f"{feed}?from=2027-01-01&to=2028-01-02&audience=&venue=&forSchools=")
    assert response.status_code == 200


def test_parameters_leave_the_partner_key_alone(plan):
    parameters = read_parameters(QueryDict("key=abc123&audience=pupils&from=2027-01-09"))
    assert parameters.criteria == EventCriteria(date_from=dt.date(2027, 1, 9), audience="pupils")
    assert parameters.limit is None


def test_the_feed_holds_at_most_its_cap_of_events_the_soonest_first(client, index, monkeypatch):
    monkeypatch.setattr("feeds.views.ICS_MAX_EVENTS", 2)
    for day, title in [(20, "三番目"), (6, "一番目"), (13, "二番目")]:
        event_with_sessions(index, (at(1, day, 10), at(1, day, 12)), title=title)

    assert titles(fetch(client)) == ["一番目", "二番目"]
