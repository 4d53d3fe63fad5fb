"""The website's event list and group directory: filters, paging and bad input."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import ActivityField, Audience, EventIndexPage, GroupIndexPage
from home.tokyo_time import TOKYO

from .factories import GroupPageFactory, VenueFactory, event_with_sessions

# Routing, site, contact settings, the filter choices, the count, the rows and their sessions.
EVENT_LIST_QUERIES = 13
GROUP_LIST_QUERIES = 12
HOME_PAGE_QUERIES = 14
EVENT_PAGE_QUERIES = 20


def at(day, hour):
    return dt.datetime(2027, 3, day, hour, tzinfo=TOKYO)


def titles(response):
    return [event.title for event in response.context["events"]]


@pytest.fixture
def events(plan):
    index = EventIndexPage.objects.get()
    hall = VenueFactory(name="きらり鎌ケ谷市民会館", slug="kirari")
    seniors = Audience.objects.get(slug="seniors")
    walk = event_with_sessions(index, (at(3, 10), at(3, 12)), title="健康ウォーキング", venue=hall)
    walk.audiences.set([seniors])
    walk.save_revision().publish()
    event_with_sessions(index, (at(10, 10), at(10, 12)), title="子ども工作教室")
    return index


def test_event_list_filters_by_audience_and_venue(client, events):
    response = client.get(events.url, {"audience": "seniors", "date_from": "2027-03-01"})
    assert (response.status_code, titles(response)) == (200, ["健康ウォーキング"])
    response = client.get(events.url, {"venue": "kirari", "date_from": "2027-03-01"})
    assert titles(response) == ["健康ウォーキング"]


def test_event_list_date_range_is_inclusive_tokyo_days(client, events):
    response = client.get(events.url, {"date_from": "2027-03-10", "date_to": "2027-03-10"})
    assert titles(response) == ["子ども工作教室"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"date_from": "2027-13-40"}, "日付を正しく入力してください。"),
        (
            {"date_from": "2027-03-10", "date_to": "2027-03-01"},
            "「いつまで」は「いつから」以降の日付にしてください。",
        ),
        ({"audience": "no-such"}, "正しく選択してください。選択したものは候補にありません。"),
        ({"action": "99"}, "この値は 22 以下でなければなりません。"),
    ],
    ids=["impossible-date", "backwards-range", "unknown-audience", "action-out-of-range"],
)
def test_bad_event_filters_answer_400_with_a_japanese_message(client, events, params, message):
    response = client.get(events.url, params)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "条件を確認してください" in html
    assert titles(response) == []


def test_event_list_pages_by_20(client, plan):
    index = EventIndexPage.objects.get()
    for day in range(1, 26):
        event_with_sessions(
            index, (dt.datetime(2027, 4, 1, 9, tzinfo=TOKYO) + dt.timedelta(days=day),) * 2
        )
    first = client.get(index.url, {"date_from": "2027-04-01"})
    second = client.get(index.url, {"date_from": "2027-04-01", "page": "2"})
    assert (len(titles(first)), len(titles(second))) == (20, 5)
    assert 'page=2" rel="next"' in first.content.decode()
    assert "date_from=2027-04-01&amp;page=1" in second.content.decode()


def test_group_directory_filters_and_kana_order(client, plan):
    directory = GroupIndexPage.objects.get()
    welfare = ActivityField.objects.get(number=1)
    for title, kana, recruiting in (
        ("わかば会", "わかばかい", True),
        ("あおば会", "あおばかい", True),
        ("みどり会", "みどりかい", False),
    ):
        group = GroupPageFactory(
            parent=directory, title=title, name_kana=kana, recruiting=recruiting
        )
        group.activity_fields.set([welfare])
        group.save_revision().publish()
    response = client.get(directory.url, {"recruiting": "on", "activity_field": "1"})
    assert [group.title for group in response.context["groups"]] == ["あおば会", "わかば会"]


def test_bad_group_filter_answers_400(client, plan):
    response = client.get(GroupIndexPage.objects.get().url, {"organisation_type": "spaceship"})
    assert response.status_code == 400
    assert "正しく選択してください。" in response.content.decode()


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("count", [3, 20])
def test_event_list_page_costs_the_same_for_3_and_20_events(client, plan, count):
    index = EventIndexPage.objects.get()
    for day in range(count):
        start = dt.datetime(2030, 1, 1, 10, tzinfo=TOKYO) + dt.timedelta(days=day)
        event_with_sessions(index, (start, start + dt.timedelta(hours=1)), venue=VenueFactory())
    assert count_queries(client, index.url) == EVENT_LIST_QUERIES


@pytest.mark.parametrize("count", [3, 20])
def test_group_directory_costs_the_same_for_3_and_20_groups(client, plan, count):
    directory = GroupIndexPage.objects.get()
    for _ in range(count):
        GroupPageFactory(parent=directory)
    assert count_queries(client, directory.url) == GROUP_LIST_QUERIES


@pytest.mark.parametrize("count", [2, 12])
def test_home_page_costs_the_same_for_2_and_12_events_and_groups(client, plan, count):
    events, directory = EventIndexPage.objects.get(), GroupIndexPage.objects.get()
    soon = dt.datetime.now(TOKYO) + dt.timedelta(days=1)
    for day in range(count):
        start = soon + dt.timedelta(days=day)
        event_with_sessions(events, (start, start + dt.timedelta(hours=1)))
        GroupPageFactory(parent=directory, recruiting=True)
    assert count_queries(client, "/") == HOME_PAGE_QUERIES


@pytest.mark.parametrize("count", [1, 5])
def test_event_page_costs_the_same_for_1_and_5_sessions_and_organisers(client, plan, count):
    start = dt.datetime(2030, 5, 1, 10, tzinfo=TOKYO)
    event = event_with_sessions(
        EventIndexPage.objects.get(),
        *[
            (start + dt.timedelta(days=7 * n), start + dt.timedelta(days=7 * n, hours=2))
            for n in range(count)
        ],
    )
    event.organisers.set(
        [GroupPageFactory(parent=GroupIndexPage.objects.get()) for _ in range(count)]
    )
    event.audiences.set(Audience.objects.all()[:count])
    event.save_revision().publish()
    assert count_queries(client, event.url) == EVENT_PAGE_QUERIES
