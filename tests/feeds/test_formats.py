"""/feeds/events.json (JSON Feed 1.1), /feeds/events.rss (RSS 2.0) and /feeds/events.csv
(自治体標準オープンデータセット「イベント一覧」)."""

import csv
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import time_machine

from home.models import Audience, GroupIndexPage
from jp.time import TOKYO
from tests.factories import GroupPageFactory, VenueFactory, event_with_sessions

NOW = dt.datetime(2026, 12, 20, 12, 0, tzinfo=TOKYO)
PUBLISHED_AT = dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC)
COLUMNS_FILE = Path(__file__).resolve().parents[2] / "home" / "data" / "opendata-event-columns.txt"
ATOM = "{http://www.w3.org/2005/Atom}"
# Events with their venues, sessions and audiences, and the event list page for home_page_url.
JSON_QUERIES = RSS_QUERIES = 4
# Events with their venues, sessions and public organisers.
CSV_QUERIES = 3


def standard_columns():
    lines = COLUMNS_FILE.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def at(month, day, hour, minute=0, year=2027):
    return dt.datetime(year, month, day, hour, minute, tzinfo=TOKYO)


def published(event):
    with time_machine.travel(PUBLISHED_AT, tick=False):
        event.save_revision().publish()
    event.refresh_from_db()
    return event


@pytest.fixture
def course(index):
    """A two-session course with every detail the feeds write, published once."""
    event = event_with_sessions(
        index,
        (at(1, 9, 10), at(1, 9, 12)),
        (at(1, 16, 10), at(1, 16, 12)),
        title="親子で学ぶ防災講座",
        title_kana="おやこでまなぶぼうさいこうざ",
        slug="bousai-kouza",
        summary="全2回で、家庭でできる備えを学びます。",
        venue=VenueFactory(
            name="きらり鎌ケ谷市民会館",
            address="鎌ケ谷市初富924-1",
            latitude="35.776600",
            longitude="140.000700",
            access="新鎌ケ谷駅から徒歩5分",
        ),
        room="第1会議室",
        fee=500,
        fee_details="材料費として",
        capacity=30,
        registration_required=True,
        registration_deadline=at(1, 5, 17),
        registration_method="電話で市民活動推進課へ",
        contact_name="市民活動推進課",
        contact_phone="047-445-1141",
        organiser_text="鎌ケ谷市",
        for_schools=True,
    )
    event.organisers.add(GroupPageFactory(parent=GroupIndexPage.objects.get(), title="わかば会"))
    event.organisers.add(
        GroupPageFactory(parent=GroupIndexPage.objects.get(), title="下書きの会", live=False)
    )
    event.audiences.add(*Audience.objects.filter(slug__in=["pupils", "parents"]))
    return published(event)


@pytest.fixture
def online_sample(index):
    """Invented demonstration content: an all-day online event, never published by revision."""
    event = event_with_sessions(
        index,
        (at(1, 20, 0), at(1, 20, 23, 59)),
        title="オンライン子育て相談（サンプル）",
        summary="自宅から相談できます。（サンプル）",
        venue=None,
        attendance_mode="online",
        online_url="https://meet.example.jp/kosodate",
        is_sample=True,
    )
    event.sessions.update(all_day=True)
    return event


def test_json_feed_describes_each_event_as_one_item(client, course):
    response = client.get("/feeds/events.json?forSchools=true&key=")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/feed+json; charset=utf-8"
    assert response["Cache-Control"] == "public, max-age=30, stale-while-revalidate=60"
    first, second = course.sessions.order_by("starts_at")
    assert json.loads(response.content) == {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "かまがや協働ポータル イベント（学校配信）",
        "home_page_url": "http://localhost/events/",
        "feed_url": "http://localhost/feeds/events.json?forSchools=true",
        "language": "ja",
        "items": [
            {
                "id": f"event-{course.pk}@kamagaya-kyodo",
                "url": "http://localhost/events/bousai-kouza/",
                "title": "親子で学ぶ防災講座",
                "content_text": "全2回で、家庭でできる備えを学びます。",
                "summary": "全2回で、家庭でできる備えを学びます。",
                "date_published": "2026-12-01T18:30:00+09:00",
                "date_modified": "2026-12-01T18:30:00+09:00",
                "tags": ["小中学生", "子育て世代"],
                "_kamagaya": {
                    "sessions": [
                        {
                            "uid": str(first.uid),
                            "start": "2027-01-09T10:00:00+09:00",
                            "end": "2027-01-09T12:00:00+09:00",
                            "all_day": False,
                        },
                        {
                            "uid": str(second.uid),
                            "start": "2027-01-16T10:00:00+09:00",
                            "end": "2027-01-16T12:00:00+09:00",
                            "all_day": False,
                        },
                    ],
                    "venue": {
                        "name": "きらり鎌ケ谷市民会館 第1会議室",
                        "address": "鎌ケ谷市初富924-1",
                        "latitude": 35.7766,
                        "longitude": 140.0007,
                    },
                    "online_url": "",
                    "status": "scheduled",
                    "status_note": "",
                    "audiences": [
                        {"slug": "pupils", "name": "小中学生"},
                        {"slug": "parents", "name": "子育て世代"},
                    ],
                    "for_schools": True,
                    "is_sample": False,
                },
            }
        ],
    }


def test_json_feed_marks_cancelled_and_sample_events(client, course, online_sample):
    course.status = "cancelled"
    course.status_note = "荒天のため中止します"
    published(course)
    items = json.loads(client.get("/feeds/events.json").content)["items"]
    assert [
        (item["title"], item["content_text"], item["_kamagaya"]["status"]) for item in items
    ] == [
        (
            "【中止】親子で学ぶ防災講座",
            "全2回で、家庭でできる備えを学びます。\n荒天のため中止します",
            "cancelled",
        ),
        ("オンライン子育て相談（サンプル）", "自宅から相談できます。（サンプル）", "scheduled"),
    ]
    sample = items[1]
    assert "date_published" not in sample  # never published through a revision: left out, not null
    assert (sample["_kamagaya"]["is_sample"], sample["_kamagaya"]["venue"]) == (True, None)


def test_limit_caps_the_items_of_json_and_rss(client, course, online_sample):
    feed = json.loads(client.get("/feeds/events.json?limit=1").content)
    assert [item["title"] for item in feed["items"]] == ["親子で学ぶ防災講座"]
    channel = ET.fromstring(client.get("/feeds/events.rss?limit=1").content).find("channel")
    assert [item.findtext("title") for item in channel.iter("item")] == ["親子で学ぶ防災講座"]


@pytest.mark.parametrize("feed", ["/feeds/events.json", "/feeds/events.rss"])
@pytest.mark.parametrize("limit", ["0", "201", "ten"])
def test_limit_outside_1_to_200_is_a_bad_request(client, home_page, feed, limit):
    response = client.get(f"{feed}?limit={limit}")
    assert response.status_code == 400
    assert (
        response.content.decode() == f"limit must be a whole number from 1 to 200, not '{limit}'."
    )


def test_rss_feed_is_rss_2_with_one_item_per_event(client, course):
    response = client.get("/feeds/events.rss?audience=pupils")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    assert response["Cache-Control"] == "public, max-age=30, stale-while-revalidate=60"
    rss = ET.fromstring(response.content)
    assert rss.tag == "rss"
    assert rss.get("version") == "2.0"
    channel = rss.find("channel")
    assert {
        "title": channel.findtext("title"),
        "link": channel.findtext("link"),
        "language": channel.findtext("language"),
        "self": channel.find(f"{ATOM}link").attrib,
    } == {
        "title": "かまがや協働ポータル イベント（小中学生向け）",
        "link": "http://localhost/events/",
        "language": "ja",
        "self": {"href": "http://localhost/feeds/events.rss?audience=pupils", "rel": "self"},
    }
    assert [
        {
            "title": item.findtext("title"),
            "link": item.findtext("link"),
            "guid": (item.findtext("guid"), item.find("guid").get("isPermaLink")),
            "pubDate": item.findtext("pubDate"),
            "description": item.findtext("description"),
            "categories": [category.text for category in item.iter("category")],
        }
        for item in channel.iter("item")
    ] == [
        {
            "title": "親子で学ぶ防災講座",
            "link": "http://localhost/events/bousai-kouza/",
            "guid": (f"event-{course.pk}@kamagaya-kyodo", "false"),
            "pubDate": "Tue, 01 Dec 2026 18:30:00 +0900",
            "description": "日時：2027年1月9日（土） 10:00〜12:00 から全2回\n"
            "会場：きらり鎌ケ谷市民会館 第1会議室\n"
            "全2回で、家庭でできる備えを学びます。",
            "categories": ["小中学生", "子育て世代"],
        }
    ]


def test_rss_escapes_markup_in_titles(client, index):
    event_with_sessions(index, (at(1, 9, 10), at(1, 9, 12)), title="<b>交流会</b> & 懇親会")
    channel = ET.fromstring(client.get("/feeds/events.rss").content).find("channel")
    assert [item.findtext("title") for item in channel.iter("item")] == ["<b>交流会</b> & 懇親会"]


def csv_rows(response):
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")
    text = body.decode("utf-8")[1:]
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    return list(csv.reader(io.StringIO(text, newline="")))


def test_csv_is_the_standard_event_list_with_one_row_per_session(client, course):
    response = client.get("/feeds/events.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="kamagaya-events.csv"'
    assert response["Cache-Control"] == "public, max-age=30, stale-while-revalidate=60"
    header, *rows = csv_rows(response)
    assert header == standard_columns()
    assert len(header) == 32
    assert dict(zip(header, rows[0], strict=True)) == {
        "都道府県コード又は市区町村コード": "122246",
        "NO": "1",
        "都道府県名": "千葉県",
        "市区町村名": "鎌ケ谷市",
        "イベント名": "親子で学ぶ防災講座",
        # Typed in hiragana, written in the full-width katakana the standard's カナ columns use.
        "イベント名_カナ": "オヤコデマナブボウサイコウザ",
        "イベント名_英語": "",
        "開始日": "2027-01-09",
        "終了日": "2027-01-09",
        "開始時間": "10:00",
        "終了時間": "12:00",
        "開始日時特記事項": "全2回の第1回",
        "説明": "全2回で、家庭でできる備えを学びます。",
        "料金(基本)": "500",
        "料金(詳細)": "材料費として",
        "連絡先名称": "市民活動推進課",
        "連絡先電話番号": "047-445-1141",
        "連絡先内線番号": "",
        "主催者": "わかば会、鎌ケ谷市",
        "場所名称": "きらり鎌ケ谷市民会館 第1会議室",
        "住所": "鎌ケ谷市初富924-1",
        "方書": "",
        "緯度": "35.7766",
        "経度": "140.0007",
        "アクセス方法": "新鎌ケ谷駅から徒歩5分",
        "駐車場情報": "",
        "定員": "30",
        "参加申込終了日": "2027-01-05",
        "参加申込終了時間": "17:00",
        "参加申込方法": "電話で市民活動推進課へ",
        "URL": "http://localhost/events/bousai-kouza/",
        "備考": "",
    }
    assert [(row[1], row[7], row[11]) for row in rows] == [
        ("1", "2027-01-09", "全2回の第1回"),
        ("2", "2027-01-16", "全2回の第2回"),
    ]


def test_csv_rows_for_cancelled_all_day_online_and_sample_events(client, course, online_sample):
    course.status = "cancelled"
    course.status_note = "荒天のため中止します"
    published(course)
    header, *rows = csv_rows(client.get("/feeds/events.csv"))
    by_column = [dict(zip(header, row, strict=True)) for row in rows]
    assert [(row["NO"], row["イベント名"], row["備考"]) for row in by_column] == [
        ("1", "親子で学ぶ防災講座", "【中止】荒天のため中止します"),
        ("2", "親子で学ぶ防災講座", "【中止】荒天のため中止します"),
        ("3", "オンライン子育て相談（サンプル）", ""),
    ]
    online = by_column[2]
    assert {
        column: online[column]
        for column in (
            "開始日",
            "終了日",
            "開始時間",
            "終了時間",
            "開始日時特記事項",
            "場所名称",
            "住所",
            "緯度",
            "経度",
            "アクセス方法",
            "料金(基本)",
        )
    } == {
        "開始日": "2027-01-20",
        "終了日": "2027-01-20",
        "開始時間": "",
        "終了時間": "",
        "開始日時特記事項": "終日",
        # 住所 is required; an online event has no venue, and no office address stands in for one.
        "場所名称": "オンライン",
        "住所": "オンライン",
        "緯度": "",
        "経度": "",
        "アクセス方法": "",
        "料金(基本)": "0",
    }


def test_csv_of_no_events_is_the_header_alone(client, home_page):
    assert csv_rows(client.get("/feeds/events.csv")) == [standard_columns()]


def item_titles(feed, response):
    if feed.endswith(".json"):
        return [item["title"] for item in json.loads(response.content)["items"]]
    if feed.endswith(".rss"):
        channel = ET.fromstring(response.content).find("channel")
        return [item.findtext("title") for item in channel.iter("item")]
    return list(dict.fromkeys(row[4] for row in csv_rows(response)[1:]))


FEEDS = ["/feeds/events.json", "/feeds/events.rss", "/feeds/events.csv"]


@pytest.mark.parametrize("feed", FEEDS)
def test_feeds_start_now_unless_from_is_given(client, index, feed):
    event_with_sessions(index, (at(12, 20, 9, year=2026), at(12, 20, 11, year=2026)), title="今朝")
    event_with_sessions(
        index, (at(12, 20, 13, year=2026), at(12, 20, 15, year=2026)), title="今日の午後"
    )
    assert item_titles(feed, client.get(feed)) == ["今日の午後"]
    assert item_titles(feed, client.get(f"{feed}?from=2026-12-20")) == ["今朝", "今日の午後"]


@pytest.mark.parametrize(
    ("feed", "expected"),
    [
        ("/feeds/events.json", JSON_QUERIES),
        ("/feeds/events.rss", RSS_QUERIES),
        ("/feeds/events.csv", CSV_QUERIES),
    ],
)
@pytest.mark.parametrize("events", [1, 4])
def test_feeds_cost_the_same_queries_for_1_and_4_events(
    client, index, django_assert_num_queries, feed, expected, events
):
    group = GroupPageFactory(parent=GroupIndexPage.objects.get())
    pupils = Audience.objects.get(slug="pupils")
    for number in range(events):
        event = event_with_sessions(
            index,
            (at(1, 9 + number, 10), at(1, 9 + number, 12)),
            (at(2, 9 + number, 10), at(2, 9 + number, 12)),
        )
        event.audiences.add(pupils)
        event.organisers.add(group)
        published(event)
    assert len(item_titles(feed, client.get(feed))) == events
    with django_assert_num_queries(expected):
        assert len(item_titles(feed, client.get(feed))) == events
