"""The website's month calendar of events: Tokyo days, visibility, filters, bad input and cost."""

import datetime as dt
import re

import pytest
import time_machine
from django.utils import timezone
from wagtail.models import PageViewRestriction

from home.models import Audience
from jp.time import TOKYO
from tests.factories import VenueFactory, event_with_sessions

# Counted as in tests/home/test_page_query_counts.py: 6 for any Wagtail page (Site and home page, view
# restrictions 2, the emergency banner, ContactSettings) + routing 2 + the filter choices
# (audiences, venues) + the month's sessions with their events, one query however many there are.
CALENDAR_QUERIES = 11

DAY_CELL = re.compile(r'<td class="has-events"[^>]*>(.*?)</td>', re.DOTALL)
FULL_DATE = re.compile(r'<span class="visually-hidden day-date">(.*?)</span>')
LINK = re.compile(r'<a href="([^"]+)">(.*?)</a>', re.DOTALL)
TAG = re.compile(r"<[^>]+>")


def at(month, day, hour, minute=0, year=2026):
    return dt.datetime(year, month, day, hour, minute, tzinfo=TOKYO)


def calendar_url(year, month):
    return f"/events/calendar/{year}/{month}/"


def rendered_days(response):
    """{full date: [link text, …]} for every day of the rendered calendar that lists events."""
    return {
        FULL_DATE.search(cell).group(1): [TAG.sub("", text) for _, text in LINK.findall(cell)]
        for cell in DAY_CELL.findall(response.content.decode())
    }


@pytest.fixture(autouse=True)
def before_december():
    """A fixed day before the month under test: a day that is today would read 「（今日）」.

    Tests about today travel again, to their own instant."""
    with time_machine.travel(dt.datetime(2026, 11, 2, 12, 0, tzinfo=TOKYO), tick=False):
        yield


@pytest.fixture
def december(index):
    """December 2026: late nights, a three-session course, a cancelled and a postponed event.

    Returns the one event for children, at the one venue with a known slug.
    """
    event_with_sessions(index, (at(12, 1, 0, 15), at(12, 1, 1)), title="初日の出準備会")
    event_with_sessions(index, (at(12, 4, 22), at(12, 5, 2)), title="夜のパトロール")
    crafts = event_with_sessions(
        index,
        (at(12, 5, 14), at(12, 5, 16)),
        title="子ども工作教室",
        venue=VenueFactory(slug="kirari"),
    )
    crafts.audiences.set([Audience.objects.get(slug="children")])
    crafts.save_revision().publish()
    event_with_sessions(
        index,
        *[(at(12, day, 10), at(12, day, 12)) for day in (5, 12, 19)],
        title="全3回の料理講座",
    )
    festival = event_with_sessions(
        index, (at(12, 12, 0), at(12, 12, 23, 59)), title="市民まつり", status="cancelled"
    )
    festival.sessions.update(all_day=True)
    event_with_sessions(index, (at(12, 19, 13), at(12, 19, 15)), title="講演会", status="postponed")
    event_with_sessions(
        index, (at(12, 31, 23, 30), at(1, 1, 0, 30, year=2027)), title="年越しの集い"
    )
    return crafts


def test_events_are_listed_on_their_tokyo_days_earliest_first(client, december):
    response = client.get(calendar_url(2026, 12))
    assert response.status_code == 200
    assert rendered_days(response) == {
        "2026年12月1日（火）": ["00:15 初日の出準備会"],
        "2026年12月4日（金）": ["22:00 夜のパトロール"],
        "2026年12月5日（土）": [
            "〜02:00 夜のパトロール",
            "10:00 全3回の料理講座",
            "14:00 子ども工作教室",
        ],
        "2026年12月12日（土）": ["終日 【中止】市民まつり", "10:00 全3回の料理講座"],
        "2026年12月19日（土）": ["10:00 全3回の料理講座", "13:00 【延期】講演会"],
        "2026年12月31日（木）": ["23:30 年越しの集い"],
    }


def test_each_listed_session_links_to_its_event(client, december):
    response = client.get(calendar_url(2026, 12), {"audience": "children"})
    cells = DAY_CELL.findall(response.content.decode())
    assert [LINK.findall(cell)[0][0] for cell in cells] == [december.url]


def test_a_session_crossing_into_the_new_year_ends_on_new_years_day(client, december):
    assert rendered_days(client.get(calendar_url(2027, 1))) == {
        "2027年1月1日（金）": ["〜00:30 年越しの集い"]
    }


def test_drafts_unpublished_expired_and_restricted_events_never_appear(client, index):
    def in_february(title, **fields):
        return event_with_sessions(index, (at(2, 10, 10), at(2, 10, 12)), title=title, **fields)

    visible = in_february("公開中のイベント")
    in_february("下書きのイベント", live=False)
    in_february("公開停止したイベント").unpublish()
    expired = in_february("期限切れのイベント")
    expired.expire_at = timezone.now() - dt.timedelta(minutes=1)
    expired.save()
    PageViewRestriction.objects.create(
        page=in_february("限定公開のイベント"),
        restriction_type=PageViewRestriction.PASSWORD,
        password="secret",
    )
    visible.title = "未承認の新しいタイトル"
    visible.save_revision()
    response = client.get(calendar_url(2026, 2))
    assert rendered_days(response) == {"2026年2月10日（火）": ["10:00 公開中のイベント"]}


def test_filters_narrow_the_calendar_and_stay_in_every_link(client, december):
    response = client.get(calendar_url(2026, 12), {"audience": "children", "venue": "kirari"})
    assert rendered_days(response) == {"2026年12月5日（土）": ["14:00 子ども工作教室"]}
    filters = "audience=children&venue=kirari"
    assert (
        response.context["previous_url"],
        response.context["next_url"],
        response.context["list_url"],
        response.context["clear_url"],
    ) == (
        f"/events/calendar/2026/11/?{filters}",
        f"/events/calendar/2027/1/?{filters}",
        f"/events/?{filters}&date_from=2026-12-01&date_to=2026-12-31",
        "/events/calendar/2026/12/",
    )
    html = response.content.decode()
    assert (
        f'href="/events/calendar/2027/1/?{filters.replace("&", "&amp;")}" rel="next">次の月' in html
    )
    assert "selected>こども</option>" in html


@pytest.mark.parametrize(
    ("year", "month", "previous", "following"),
    [
        (2026, 12, "/events/calendar/2026/11/", "/events/calendar/2027/1/"),
        (2027, 1, "/events/calendar/2026/12/", "/events/calendar/2027/2/"),
        (2000, 1, None, "/events/calendar/2000/2/"),
        (2100, 12, "/events/calendar/2100/11/", None),
    ],
    ids=["december", "january", "first-allowed-month", "last-allowed-month"],
)
def test_month_links_roll_over_the_year_and_stop_at_the_allowed_range(
    client, index, year, month, previous, following
):
    response = client.get(calendar_url(year, month))
    context = response.context
    assert (context.get("previous_url"), context.get("next_url")) == (previous, following)


@pytest.mark.parametrize(
    ("url", "params", "message"),
    [
        (calendar_url(2026, 13), {}, "月は1から12までの数で指定してください。"),
        (calendar_url(2026, 0), {}, "月は1から12までの数で指定してください。"),
        (calendar_url(99999, 1), {}, "年は2000年から2100年までで指定してください。"),
        (calendar_url(1999, 12), {}, "年は2000年から2100年までで指定してください。"),
        (
            calendar_url(2026, 12),
            {"audience": "no-such"},
            "正しく選択してください。選択したものは候補にありません。",
        ),
        (calendar_url(2026, 12), {"action": "99"}, "この値は 22 以下でなければなりません。"),
    ],
    ids=["month-13", "month-0", "year-99999", "year-1999", "unknown-audience", "bad-action"],
)
def test_bad_months_and_filters_answer_400_with_a_japanese_message(
    client, december, url, params, message
):
    response = client.get(url, params)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "条件を確認してください" in html
    assert "<table" not in html
    assert html.count("<h1>") == 1


@time_machine.travel(dt.datetime(2027, 1, 1, 0, 30, tzinfo=TOKYO), tick=False)
def test_the_calendar_opens_on_the_current_tokyo_month_with_today_marked(client, december):
    # 00:30 on New Year's Day in Tokyo is still 31 December in UTC.
    response = client.get("/events/calendar/")
    html = response.content.decode()
    assert re.findall(r"<h1>(.*?)</h1>", html) == ["イベントカレンダー 2027年1月"]
    today_cells = re.findall(r'<td [^>]*aria-current="date">(.*?)</td>', html, re.DOTALL)
    assert len(today_cells) == 1
    assert FULL_DATE.search(today_cells[0]).group(1) == "2027年1月1日（金）（今日）"
    assert [TAG.sub("", text) for _, text in LINK.findall(today_cells[0])] == [
        "〜00:30 年越しの集い"
    ]


def test_a_month_without_today_marks_no_day(client, december):
    assert 'aria-current="date"' not in client.get(calendar_url(2000, 1)).content.decode()


def test_the_calendar_is_a_table_with_weekday_column_headers(client, december):
    html = client.get(calendar_url(2026, 12)).content.decode()
    assert "<caption>2026年12月のイベント</caption>" in html
    assert re.findall(
        r'<th scope="col">(.)<span class="visually-hidden">曜日</span></th>', html
    ) == [*"日月火水木金土"]
    # 1 December 2026 is a Tuesday: the first week starts with two blank days.
    first_week = re.search(r"<tbody>\s*<tr>(.*?)</tr>", html, re.DOTALL).group(1)
    assert re.findall(r"<td class=\"(\S+)\"", first_week) == [
        "outside",
        "outside",
        "has-events",
        "no-events",
        "no-events",
        "has-events",
        "has-events",
    ]


def test_an_empty_month_says_so(client, december):
    html = client.get(calendar_url(2026, 11)).content.decode()
    assert "2026年11月に条件に合うイベントはありません。" in html


def test_the_canonical_address_is_the_month_shown(client, december):
    expected = '<link rel="canonical" href="http://localhost/events/calendar/2026/12/">'
    with time_machine.travel(at(12, 20, 12), tick=False):
        assert expected in client.get("/events/calendar/").content.decode()
    assert expected in client.get(calendar_url(2026, 12), {"audience": "children"}).content.decode()


def test_only_the_calendar_loads_the_calendar_stylesheet(client, december):
    stylesheet = 'href="/static/css/calendar.css"'
    assert stylesheet in client.get(calendar_url(2026, 12)).content.decode()
    assert stylesheet not in client.get("/events/").content.decode()


def test_the_list_links_to_the_calendar_with_its_non_date_filters(client, december):
    response = client.get(
        "/events/", {"audience": "children", "date_from": "2026-12-01", "page": "1"}
    )
    assert response.status_code == 200
    assert response.context["calendar_url"] == "/events/calendar/?audience=children"
    assert '<a href="/events/calendar/?audience=children">カレンダーで見る</a>' in (
        response.content.decode()
    )


def test_the_calendar_links_to_the_list_of_the_same_month(client, december):
    response = client.get(calendar_url(2026, 12))
    list_url = response.context["list_url"]
    assert f'<a href="{list_url.replace("&", "&amp;")}">一覧で見る</a>' in (
        response.content.decode()
    )
    listed = client.get(list_url)
    assert [event.title for event in listed.context["events"]] == [
        "初日の出準備会",
        "夜のパトロール",
        "全3回の料理講座",
        "子ども工作教室",
        "市民まつり",
        "講演会",
        "年越しの集い",
    ]


def test_calendar_months_are_not_in_the_sitemap(client, december):
    assert "/calendar/" not in client.get("/sitemap.xml").content.decode()


@pytest.mark.parametrize("count", [3, 20])
@pytest.mark.parametrize(
    ("query", "expected"),
    # A chosen audience is looked up once more, to check that it exists.
    [("", CALENDAR_QUERIES), ("?audience=children", CALENDAR_QUERIES + 1)],
    ids=["unfiltered", "filtered"],
)
def test_calendar_costs_the_same_for_3_and_20_events(
    client, django_assert_num_queries, index, count, query, expected
):
    children = Audience.objects.get(slug="children")
    for day in range(count):
        start = dt.datetime(2030, 1, 1, 10, tzinfo=TOKYO) + dt.timedelta(days=day)
        event = event_with_sessions(
            index,
            (start, start + dt.timedelta(hours=1)),
            (start + dt.timedelta(days=1), start + dt.timedelta(days=1, hours=1)),
            venue=VenueFactory(),
        )
        event.audiences.set([children])
        event.save_revision().publish()
    url = calendar_url(2030, 1) + query
    assert client.get(url).status_code == 200  # creates what a running site has long had
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert len(rendered_days(response)) == count + 1
