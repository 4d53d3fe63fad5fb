"""Signage screens: the `signage` query, the kiosk page, its heartbeat, ETags on GET and the
admin's list of screens. The browser's side is in tests/browser/test_signage_screen.py."""

import datetime as dt
import json
from functools import partial

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from graphql_api.signage.content import MAX_THIS_WEEK, MAX_TODAY
from home.loading.editors import APPROVERS, ensure_editor_roles
from home.models import GroupIndexPage
from signage.models import SignageScreen
from signage.query import SCREEN_QUERY, SCREEN_QUERY_ID
from tests.factories import GroupPageFactory, VenueFactory
from tests.graphql_api.helpers import graphql, graphql_data
from tests.not_public import NOT_PUBLIC, not_public
from tests.query_count import exact_query_count
from tests.signage.screen_day import NOON, at, event, notice

# A Saturday noon in Tokyo: the screens are open (08:30–21:30).
LIST_URL = reverse("wagtailsnippets_signage_signagescreen:list")

SIGNAGE_QUERY = """
query ($screen: String!) {
  signage(screen: $screen) {
    day
    screen { slug isOpenNow venue { slug } }
    nowAndNext { room now { title } next { title } }
    today { title atScreenVenue }
    thisWeek { title }
    emergency { title }
    notices { title priority }
    recruitingGroups { name }
  }
}
"""
TODAY_QUERY = """
query ($screen: String!) { signage(screen: $screen) { today { title } thisWeek { title } } }
"""
ENTRY_QUERY = """
query ($screen: String!) {
  signage(screen: $screen) {
    nowAndNext {
      room
      now { title summary room venueName atScreenVenue startsAt endsAt allDay status statusLabel isSample }
      next { title }
    }
  }
}
"""
VERSION_QUERY = """
query ($screen: String!) { signage(screen: $screen) { contentVersion generatedAt } }
"""
EMPTY_SCREEN = {
    "nowAndNext": [],
    "today": [],
    "thisWeek": [],
    "emergency": [],
    "notices": [],
    "recruitingGroups": [],
}
# The screen, today's sessions at the screen's venue and the first ones elsewhere, the week's
# first sessions, the notices and the recruiting groups.
SIGNAGE_QUERIES = 6

pytestmark = pytest.mark.django_db


def signage(client, query=SIGNAGE_QUERY, screen="lobby"):
    return graphql_data(client, query, {"screen": screen})["signage"]


# What a screen shows.


def test_an_event_shows_on_the_screen_only_while_public(client, noon, lobby, case):
    event("公開の講座", (at(15), at(17)))
    not_public(partial(event, "非公開の講座", (at(15), at(17))), case)

    assert signage(client, TODAY_QUERY) == {"today": [{"title": "公開の講座"}], "thisWeek": []}


@pytest.fixture(params=NOT_PUBLIC)
def case(request):
    return request.param


def test_events_not_marked_for_signage_stay_off_the_screen(client, noon, lobby):
    event("案内する講座", (at(15), at(17)))
    event("案内しない講座", (at(15), at(17)), show_on_signage=False)
    event("案内しない来週の講座", (at(15, days=2), at(17, days=2)), show_on_signage=False)

    assert signage(client, TODAY_QUERY) == {"today": [{"title": "案内する講座"}], "thisWeek": []}


def test_the_whole_screen_for_a_busy_day(client, noon, lobby, hall):
    elsewhere = VenueFactory(name="中央公民館", slug="kominkan")
    event("午前の体操", (at(9), at(11)), venue=hall, room="多目的ホール")
    event("囲碁の会", (at(11), at(13)), venue=hall, room="和室")
    event("書道展", (at(10), at(16)), venue=hall, room="展示室")
    event("午後の合唱", (at(14), at(15)), venue=hall, room="和室")
    event("夕方の合唱", (at(17), at(18)), venue=hall, room="和室")
    event("公民館の講演", (at(13), at(14)), venue=elsewhere)
    event("夜の天体観測", (at(19), at(20)), venue=hall, room="屋上")
    event("来週の清掃", (at(9, days=3), at(11, days=3)), venue=elsewhere)
    event("明日の朗読会", (at(10, days=1), at(11, days=1)), venue=hall)
    event("8日後の講座", (at(10, days=8), at(11, days=8)), venue=hall)
    GroupPageFactory(parent=GroupIndexPage.objects.get(), title="防災の会", recruiting=True)
    GroupPageFactory(parent=GroupIndexPage.objects.get(), title="募集なしの会", recruiting=False)
    notice("断水のお知らせ", priority="important")
    notice("避難所開設", priority="emergency")

    assert signage(client) == {
        "day": "2026-12-05",
        "screen": {"slug": "lobby", "isOpenNow": True, "venue": {"slug": "kirari"}},
        "nowAndNext": [
            {"room": "和室", "now": [{"title": "囲碁の会"}], "next": {"title": "午後の合唱"}},
            {"room": "屋上", "now": [], "next": {"title": "夜の天体観測"}},
            {"room": "展示室", "now": [{"title": "書道展"}], "next": None},
        ],
        # The screen's venue first, then elsewhere; each by start time. Over is gone.
        "today": [
            {"title": "夕方の合唱", "atScreenVenue": True},
            {"title": "公民館の講演", "atScreenVenue": False},
        ],
        "thisWeek": [{"title": "明日の朗読会"}, {"title": "来週の清掃"}],
        "emergency": [{"title": "避難所開設"}],
        "notices": [{"title": "断水のお知らせ", "priority": "IMPORTANT"}],
        "recruitingGroups": [{"name": "防災の会"}],
    }


def test_a_city_busier_than_a_screen_shows_only_what_fits(client, noon, lobby, hall):
    elsewhere = VenueFactory(name="中央公民館", slug="kominkan")
    for number in range(MAX_TODAY + 3):
        event(f"公民館{number:02}", (at(13, number), at(15)), venue=elsewhere)
        event(f"週{number:02}", (at(10, number, days=1), at(12, days=1)), venue=elsewhere)
    event("会館の夕べ", (at(18), at(19)), venue=hall, room="")
    # Two sessions this week: listed once, at the first.
    event(
        "会館の連続講座",
        (at(9, days=2), at(10, days=2)),
        (at(9, days=5), at(10, days=5)),
        venue=hall,
    )

    shown = signage(client, TODAY_QUERY)

    assert shown == {
        "today": [{"title": f"公民館{number:02}"} for number in range(MAX_TODAY)],
        "thisWeek": [
            {"title": "会館の連続講座"},
            *({"title": f"週{number:02}"} for number in range(MAX_THIS_WEEK - 1)),
        ],
    }


def test_an_entry_carries_what_the_screen_prints(client, noon, lobby, hall):
    event(
        "中止になった講座",
        (at(11), at(13)),
        venue=hall,
        room="第1会議室",
        summary="パソコンの基本",
        status="cancelled",
        is_sample=True,
    )

    assert signage(client, ENTRY_QUERY) == {
        "nowAndNext": [
            {
                "room": "第1会議室",
                "now": [
                    {
                        "title": "中止になった講座",
                        "summary": "パソコンの基本",
                        "room": "第1会議室",
                        "venueName": "きらり鎌ケ谷市民会館",
                        "atScreenVenue": True,
                        "startsAt": "2026-12-05T11:00:00+09:00",
                        "endsAt": "2026-12-05T13:00:00+09:00",
                        "allDay": False,
                        "status": "CANCELLED",
                        "statusLabel": "中止",
                        "isSample": True,
                    }
                ],
                "next": None,
            }
        ]
    }


def test_a_screen_without_a_venue_lists_everything_by_time(client, noon, hall):
    SignageScreen.objects.create(name="2階", slug="second-floor")
    event("後の講座", (at(16), at(17)), venue=hall)
    event("先の講座", (at(14), at(15)), venue=VenueFactory())

    data = signage(client, SIGNAGE_QUERY, screen="second-floor")

    assert (data["nowAndNext"], data["today"]) == (
        [],
        [
            {"title": "先の講座", "atScreenVenue": False},
            {"title": "後の講座", "atScreenVenue": False},
        ],
    )


def test_emergency_notices_show_inside_their_window_only(client, noon, lobby):
    notice("避難所開設", priority="emergency", expire_at=at(12, 30))
    notice("終わった警報", priority="emergency", expire_at=at(11, 59))
    notice("これからの警報", priority="emergency", display_from=at(12, 1))
    notice("通常のお知らせ")

    data = signage(client)

    assert (data["emergency"], data["notices"]) == (
        [{"title": "避難所開設"}],
        [{"title": "通常のお知らせ", "priority": "NORMAL"}],
    )


def test_an_emergency_notice_leaves_the_screen_when_it_expires(client, lobby):
    with time_machine.travel(at(12), tick=False):
        notice("避難所開設", priority="emergency", expire_at=at(12, 30))
        assert signage(client)["emergency"] == [{"title": "避難所開設"}]
    with time_machine.travel(at(12, 30), tick=False):
        assert signage(client)["emergency"] == []


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        # 23:45 on Saturday: the late Saturday session is still today, Sunday's is next week.
        (at(23, 45), {"today": [{"title": "土曜深夜"}], "thisWeek": [{"title": "日曜未明"}]}),
        # 00:01 on Sunday: Saturday is over, Sunday's early session is today.
        (at(0, 1, days=1), {"today": [{"title": "日曜未明"}], "thisWeek": []}),
    ],
    ids=["saturday-23:45", "sunday-00:01"],
)
def test_today_follows_tokyo_days(client, lobby, moment, expected):
    # 23:30 JST is 14:30 UTC: a UTC day would put both sessions on the same day.
    event("土曜深夜", (at(23, 30), at(23, 50)))
    event("日曜未明", (at(0, 30, days=1), at(1, 30, days=1)))

    with time_machine.travel(moment, tick=False):
        assert signage(client, TODAY_QUERY) == expected


def test_the_week_is_the_seven_days_after_today_one_row_per_event(client, noon, lobby):
    event("毎日の体操", *[(at(9, days=day), at(10, days=day)) for day in range(1, 10)])
    event("7日後の講座", (at(20, days=7), at(21, days=7)))
    event("8日後の講座", (at(0, 30, days=8), at(1, days=8)))

    assert signage(client, TODAY_QUERY)["thisWeek"] == [
        {"title": "毎日の体操"},
        {"title": "7日後の講座"},
    ]


def test_outside_operating_hours_the_screen_is_closed(client, lobby):
    with time_machine.travel(at(21, 30), tick=False):
        assert signage(client)["screen"]["isOpenNow"] is False
    with time_machine.travel(at(8, 30), tick=False):
        assert signage(client)["screen"]["isOpenNow"] is True


@pytest.mark.parametrize("active", [None, False], ids=["unknown", "inactive"])
def test_an_unknown_or_inactive_screen_is_an_error(client, home_page, active):
    if active is not None:
        SignageScreen.objects.create(name="休止中", slug="lobby", is_active=active)

    status, body = graphql(client, SIGNAGE_QUERY, {"screen": "lobby"})

    assert (status, body["data"], [error["message"] for error in body["errors"]]) == (
        400,
        None,
        ["Unknown signage screen 'lobby'"],
    )


def test_the_content_version_changes_with_the_content_only(client, lobby):
    with time_machine.travel(at(12), tick=False):
        first = signage(client, VERSION_QUERY)
    with time_machine.travel(at(12, 30), tick=False):
        again = signage(client, VERSION_QUERY)
        notice("新しいお知らせ")
        changed = signage(client, VERSION_QUERY)

    assert first["generatedAt"] == "2026-12-05T12:00:00+09:00"
    assert again["contentVersion"] == first["contentVersion"]
    assert changed["contentVersion"] != first["contentVersion"]
    assert len(first["contentVersion"]) == 12


def build_busy_day(count, hall):
    for number in range(count):
        room = f"第{number % 4 + 1}会議室"
        event(f"今日の講座{number}", (at(11), at(13 + number % 3)), venue=hall, room=room)
        event(f"午後の講座{number}", (at(14), at(15)), venue=VenueFactory())
        event(f"週の講座{number}", (at(10, days=number % 7 + 1), at(11, days=number % 7 + 1)))
        GroupPageFactory(parent=GroupIndexPage.objects.get(), recruiting=True)
        notice(f"お知らせ{number}", priority="emergency" if number == 0 else "normal")


@pytest.mark.parametrize("count", [3, 20])
def test_the_screen_query_costs_the_same_for_3_and_20_events(client, noon, lobby, hall, count):
    build_busy_day(count, hall)

    with exact_query_count(SIGNAGE_QUERIES, "signage screen query"):
        data = signage(client, SCREEN_QUERY)

    first_slides = data["timeline"][0]["slides"]
    assert sum(len(slide["rows"]) for slide in first_slides if slide["kind"] == "today") == count


# ETags on GET /graphql/.


def get_screen(client, if_none_match=None):
    return client.get(
        "/graphql/",
        {"id": SCREEN_QUERY_ID, "variables": json.dumps({"screen": "lobby"})},
        headers={"If-None-Match": if_none_match} if if_none_match else {},
    )


def test_a_get_answers_with_a_strong_etag_and_a_short_public_max_age(client, noon, lobby):
    response = get_screen(client)

    assert response.status_code == 200
    assert response["ETag"].startswith('"') and len(response["ETag"]) == 34
    assert response["Cache-Control"] == "public, max-age=30, stale-while-revalidate=60"
    assert response.json()["data"]["signage"]["screen"]["name"] == "1階ロビー"


@pytest.mark.parametrize("known", ["{etag}", "W/{etag}", '"other", {etag}', "*"])
def test_a_matching_if_none_match_gets_304_without_a_body(client, noon, lobby, known):
    etag = get_screen(client)["ETag"]

    response = get_screen(client, if_none_match=known.format(etag=etag))

    assert (response.status_code, response.content, response["ETag"]) == (304, b"", etag)


def test_changed_content_gets_200_and_a_new_etag(client, noon, lobby):
    etag = get_screen(client)["ETag"]
    notice("新しいお知らせ")

    response = get_screen(client, if_none_match=etag)

    assert response.status_code == 200
    assert response["ETag"] != etag


def test_post_and_failed_gets_carry_no_etag(client, noon, lobby):
    posted = client.post(
        "/graphql/",
        {"query": SCREEN_QUERY, "variables": {"screen": "lobby"}},
        content_type="application/json",
    )
    failed = client.get("/graphql/", {"query": '{ signage(screen: "nope") { day } }'})

    assert (posted.status_code, posted.has_header("ETag")) == (200, False)
    assert (failed.status_code, failed.has_header("ETag")) == (400, False)


# The heartbeat.


def heartbeat(client, body, slug="lobby"):
    payload = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(
        reverse("signage:heartbeat", args=[slug]), payload, content_type="application/json"
    )


def test_a_heartbeat_records_contact_version_and_uptime_in_one_update(noon, lobby):
    kiosk = Client(enforce_csrf_checks=True)

    with CaptureQueriesContext(connection) as captured:
        response = heartbeat(kiosk, {"contentVersion": "0123456789ab", "uptimeSeconds": 3600})

    lobby.refresh_from_db()
    assert (response.status_code, response.content) == (204, b"")
    assert [query["sql"].split()[0] for query in captured.captured_queries] == ["UPDATE"]
    assert (lobby.last_seen_at, lobby.content_version, lobby.uptime_seconds) == (
        NOON,
        "0123456789ab",
        3600,
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("not json", "The body must be JSON."),
        (b"\xff\xfe", "The body must be JSON."),
        ([1, 2], "The body must be a JSON object."),
        ({"uptimeSeconds": 1}, "contentVersion must be a string of at most 64 characters."),
        (
            {"contentVersion": "x" * 65, "uptimeSeconds": 1},
            "contentVersion must be a string of at most 64 characters.",
        ),
        (
            {"contentVersion": "abc", "uptimeSeconds": -1},
            "uptimeSeconds must be an integer between 0 and 2147483647.",
        ),
        (
            {"contentVersion": "abc", "uptimeSeconds": "60"},
            "uptimeSeconds must be an integer between 0 and 2147483647.",
        ),
        (
            {"contentVersion": "abc", "uptimeSeconds": True},
            "uptimeSeconds must be an integer between 0 and 2147483647.",
        ),
    ],
    ids=["text", "not-utf8", "list", "no-version", "long-version", "negative", "string", "bool"],
)
def test_a_bad_heartbeat_is_a_400_in_english(client, lobby, body, message):
    response = heartbeat(client, body)

    lobby.refresh_from_db()
    assert (response.status_code, response.json()) == (400, {"error": message})
    assert lobby.last_seen_at is None


@pytest.mark.parametrize("slug", ["nope", "retired"])
def test_a_heartbeat_from_an_unknown_or_inactive_screen_is_a_404(client, lobby, slug):
    SignageScreen.objects.create(name="休止中", slug="retired", is_active=False)

    response = heartbeat(client, {"contentVersion": "abc", "uptimeSeconds": 1}, slug=slug)

    assert (response.status_code, response.json()) == (
        404,
        {"error": f"Unknown signage screen '{slug}'"},
    )


def test_a_heartbeat_must_be_posted(client, lobby):
    assert client.get(reverse("signage:heartbeat", args=["lobby"])).status_code == 405


# The admin.


def test_the_admin_list_shows_which_screens_are_online(noon, admin_client, hall):
    SignageScreen.objects.create(
        name="1階ロビー",
        slug="lobby",
        last_seen_at=NOON - dt.timedelta(minutes=4),
        content_version="aaaaaaaaaaaa",
    )
    SignageScreen.objects.create(
        name="2階ホール前",
        slug="hall",
        last_seen_at=NOON - dt.timedelta(minutes=6),
        content_version="bbbbbbbbbbbb",
    )
    SignageScreen.objects.create(name="未設置", slug="new")
    SignageScreen.objects.create(name="撤去済み", slug="gone", is_active=False)

    html = admin_client.get(LIST_URL).content.decode()

    for label in ("運用", "接続状態", "最終通信", "表示中の内容版"):
        assert label in html
    rows = {name: row_of(html, name) for name in ("1階ロビー", "2階ホール前", "未設置", "撤去済み")}
    assert [("有効" in rows[name], "停止中" in rows[name]) for name in rows] == [
        (True, False),
        (True, False),
        (True, False),
        (False, True),
    ]
    assert "True" not in html and "False" not in html
    assert "オンライン" in rows["1階ロビー"] and "2026年12月5日（土） 11:56" in rows["1階ロビー"]
    assert "aaaaaaaaaaaa" in rows["1階ロビー"]
    assert "オフライン" in rows["2階ホール前"] and "11:54" in rows["2階ホール前"]
    assert "オフライン" in rows["未設置"]


def row_of(html, name):
    start = html.index(name)
    return html[start : html.index("</tr>", start)]


def test_approvers_may_set_up_signage_screens(home_page):
    ensure_editor_roles(home_page)

    granted = set(
        Group.objects.get(name=APPROVERS)
        .permissions.filter(content_type__model="signagescreen")
        .values_list("codename", flat=True)
    )

    assert granted == {"add_signagescreen", "change_signagescreen", "view_signagescreen"}


# The kiosk page.


def test_the_kiosk_page_renders_its_first_content_on_the_server(client, noon, lobby, hall):
    event("囲碁の会", (at(11), at(13)), venue=hall, room="和室")
    event("公民館の講演", (at(14), at(15)), venue=VenueFactory(name="中央公民館"))
    notice("断水のお知らせ", priority="important")

    response = client.get("/signage/lobby/")
    html = response.content.decode()

    assert response.status_code == 200
    assert '<html lang="ja">' in html
    assert "囲碁の会" in html and "和室　11:00〜13:00" in html
    assert "公民館の講演" in html and "14:00〜15:00　中央公民館" in html
    assert "断水のお知らせ" in html and ">重要<" in html
    assert '<time id="clock">12:00</time>' in html and "12月5日（土）" in html
    assert "no-cache" in response["Cache-Control"]


def test_the_kiosk_page_embeds_its_content_and_configuration(client, noon, lobby):
    html = client.get("/signage/lobby/").content.decode()

    content = embedded(html, "signage-content")
    config = embedded(html, "signage-config")
    assert content == graphql_data(client, SCREEN_QUERY, {"screen": "lobby"})["signage"]
    assert config == {
        "screen": "lobby",
        "apiUrl": "/graphql/",
        "queryId": SCREEN_QUERY_ID,
        "heartbeatUrl": "/signage/lobby/heartbeat",
        "serviceWorkerUrl": "/signage/sw.js",
        "screenHeader": "X-Signage-Screen",
        "pollSeconds": 60,
        "heartbeatSeconds": 60,
        "slideSeconds": None,
        "renderedAt": "2026-12-05T12:00:00+09:00",
    }


def embedded(html, element_id):
    start = html.index(f'<script id="{element_id}" type="application/json">')
    start = html.index(">", start) + 1
    return json.loads(html[start : html.index("</script>", start)])


def test_the_kiosk_page_shows_an_emergency_instead_of_slides(client, noon, lobby):
    notice("避難所開設", priority="emergency", body="<p>体育館を避難所として開設しました。</p>")

    html = client.get("/signage/lobby/").content.decode()

    assert 'id="emergency" role="alert">' in html
    assert "has-emergency" in html and "体育館を避難所として開設しました。" in html


def test_the_kiosk_page_has_no_admin_userbar(noon, admin_client, lobby):
    html = admin_client.get("/signage/lobby/").content.decode()

    assert "wagtail-userbar" not in html and "site-header" not in html


def test_an_empty_day_still_shows_a_welcome_slide(client, noon, lobby):
    html = client.get("/signage/lobby/").content.decode()

    assert 'data-kind="welcome"' in html and "市民活動・イベントの情報をご案内しています。" in html


def test_outside_operating_hours_the_kiosk_page_starts_dark(client, lobby):
    with time_machine.travel(at(22), tick=False):
        html = client.get("/signage/lobby/").content.decode()

    assert 'class="signage signage--landscape is-idle"' in html


@pytest.mark.parametrize("slug", ["nope", "retired"])
def test_an_unknown_or_inactive_screen_gets_a_japanese_404(client, home_page, slug):
    SignageScreen.objects.create(name="休止中", slug="retired", is_active=False)

    response = client.get(f"/signage/{slug}/")

    assert response.status_code == 404
    assert "この画面は登録されていません" in response.content.decode()


def test_timing_overrides_only_where_allowed(client, noon, lobby, settings):
    settings.SIGNAGE_TIMING_OVERRIDES = False
    ignored = embedded(
        client.get("/signage/lobby/?poll=2&slide=3").content.decode(), "signage-config"
    )
    settings.SIGNAGE_TIMING_OVERRIDES = True
    taken = embedded(
        client.get("/signage/lobby/?poll=2&slide=3&heartbeat=0").content.decode(), "signage-config"
    )

    assert (ignored["pollSeconds"], ignored["slideSeconds"]) == (60, None)
    assert (taken["pollSeconds"], taken["slideSeconds"], taken["heartbeatSeconds"]) == (2, 3, 60)


def test_the_service_worker_is_served_under_signage(client, home_page):
    response = client.get("/signage/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert '"/static/signage/signage.js"' in response.content.decode()
