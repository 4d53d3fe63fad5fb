"""The website's event list and group directory: filters, paging and bad input."""

import datetime as dt

import pytest

from home.models import ActivityField, Audience, EventIndexPage, GroupIndexPage
from jp.time import TOKYO
from tests.factories import GroupPageFactory, VenueFactory, event_with_sessions

pytestmark = pytest.mark.sqlite


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
