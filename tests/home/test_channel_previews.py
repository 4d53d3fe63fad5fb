"""Editors preview an unsaved event or notice as every channel shows it: the website, a signage
screen (横 and 縦, rendered by the kiosk's own template), the school widget, and a token for the
developers of external sites. Previews are never cached and need the right to edit the page."""

import datetime as dt
import json

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from home.loading.editors import EDITORS, ensure_editor_roles
from home.models import EventIndexPage, EventPage, NoticeIndexPage, NoticePage
from jp.time import TOKYO
from tests.factories import NoticePageFactory, VenueFactory, event_with_sessions

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 4, 10, 0, tzinfo=TOKYO)
SESSION_START = dt.datetime(2026, 12, 6, 14, 0, tzinfo=TOKYO)
SESSION_END = dt.datetime(2026, 12, 6, 16, 0, tzinfo=TOKYO)
LIVE_TITLE = "親子で楽しむ防災ワークショップ"
DRAFT_TITLE = "親子で楽しむ防災ワークショップ（会場変更）"
VENUE = "きらり鎌ケ谷市民会館"
ROOM = "会議室1"
NOTICE_BODY = "<p>エレベーターの点検のため、午前中は階段をご利用ください。</p>"

EVENT_MODES = [
    ("", "ウェブサイト"),
    ("signage-landscape", "サイネージ（横）"),
    ("signage-portrait", "サイネージ（縦）"),
    ("school-widget", "学校向けウィジェット"),
    ("headless", "外部サイトの開発者向け（APIトークン）"),
]
NOTICE_MODES = [mode for mode in EVENT_MODES if mode[0] != "school-widget"]


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def editor(home_page, django_user_model):
    ensure_editor_roles(home_page)
    user = django_user_model.objects.create_user("henshu", password="password")
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def event(home_page):
    return event_with_sessions(
        EventIndexPage.objects.get(),
        (SESSION_START, SESSION_END),
        title=LIVE_TITLE,
        slug="bousai-workshop",
        summary="非常食づくりと避難所体験。",
        venue=VenueFactory(name=VENUE),
        room=ROOM,
    )


@pytest.fixture
def notice(home_page):
    return NoticePageFactory(
        parent=NoticeIndexPage.objects.get(),
        title=LIVE_TITLE,
        slug="elevator",
        body=NOTICE_BODY,
        priority="important",
    )


def preview(client, page, mode, **changes):
    """The preview panel's two requests: the form as the editor left it, then one mode."""
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    form_data = querydict_from_html(edit.content.decode(), form_id="page-edit-form")
    # A browser sends a ticked box without a value attribute as "on"; querydict_from_html as "".
    form_data["show_on_signage"] = "on"
    for name, value in changes.items():
        form_data[name] = value
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    posted = client.post(preview_url, data=form_data)
    assert posted.json() == {"is_valid": True, "is_available": True}
    return client.get(preview_url, {"mode": mode, "in_preview_panel": "true"})


def cache_directives(response):
    return {directive.strip() for directive in response["Cache-Control"].split(",")}


def html(response):
    return BeautifulSoup(response.content, "html.parser")


def screen_in(response):
    """The framed signage page: (iframe attributes, the kiosk page inside it)."""
    frame = html(response).find("iframe", id="screen-frame")
    return frame, BeautifulSoup(frame["srcdoc"], "html.parser")


def slides(screen):
    return [
        {
            "kind": slide["data-kind"],
            "title": slide.find(class_="slide__title").get_text(),
            "rows": [
                {
                    "meta": row.find(class_="row__meta").get_text(),
                    "title": row.find(class_="row__title").get_text(),
                }
                for row in slide.find_all(class_="row")
            ],
        }
        for slide in screen.find_all(class_="slide")
    ]


def warnings(response):
    return [p.get_text() for p in html(response).find_all(class_="channel-preview__warning")]


def test_events_offer_the_website_each_channel_and_the_developers_token():
    assert EventPage().preview_modes == EVENT_MODES


def test_notices_offer_the_website_signage_and_the_developers_token():
    assert NoticePage().preview_modes == NOTICE_MODES


@pytest.mark.parametrize(
    ("kind", "mode"),
    [("event", mode) for mode, _ in EVENT_MODES] + [("notice", mode) for mode, _ in NOTICE_MODES],
)
def test_every_preview_shows_the_draft_and_is_never_cached(request, editor_client, kind, mode):
    response = preview(editor_client, request.getfixturevalue(kind), mode, title=DRAFT_TITLE)

    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_directives(response)
    assert DRAFT_TITLE in response.content.decode()


def test_landscape_signage_preview_shows_the_event_as_the_kiosk_lists_the_coming_week(
    editor_client, event
):
    response = preview(editor_client, event, "signage-landscape", title=DRAFT_TITLE)
    frame, screen = screen_in(response)

    assert (frame["width"], frame["height"]) == ("1920", "1080")
    assert screen.body["class"] == ["signage", "signage--landscape"]
    assert slides(screen) == [
        {
            "kind": "week",
            "title": "これから1週間のイベント",
            "rows": [
                {"meta": f"12月6日（日）　14:00〜16:00　{VENUE} {ROOM}", "title": DRAFT_TITLE}
            ],
        }
    ]
    assert screen.find(id="clock").get_text() == "10:00"
    assert warnings(response) == []


def test_signage_preview_uses_the_kiosks_style_and_font_but_never_its_script(editor_client, event):
    _, screen = screen_in(preview(editor_client, event, "signage-landscape"))

    assert [link["href"] for link in screen.find_all("link", rel="stylesheet")] == [
        "/static/signage/fonts/biz-udgothic.css",
        "/static/signage/signage.css",
    ]
    # Without the script no preview polls the API, sends a heartbeat or needs a screen key.
    assert screen.find_all("script") == []


def test_portrait_signage_preview_frames_the_screen_upright(editor_client, event):
    frame, screen = screen_in(preview(editor_client, event, "signage-portrait"))

    assert (frame["width"], frame["height"]) == ("1080", "1920")
    assert screen.body["class"] == ["signage", "signage--portrait"]
    assert [slide["title"] for slide in slides(screen)] == ["これから1週間のイベント"]


def test_signage_preview_on_the_day_lists_the_event_among_todays(editor_client, event):
    with time_machine.travel(SESSION_START - dt.timedelta(hours=3), tick=False):
        _, screen = screen_in(preview(editor_client, event, "signage-landscape"))

    assert slides(screen) == [
        {
            "kind": "today",
            "title": "本日のイベント",
            "rows": [{"meta": f"14:00〜16:00　{VENUE} {ROOM}", "title": LIVE_TITLE}],
        }
    ]


def test_signage_preview_warns_when_the_event_is_kept_off_the_screens(editor_client, event):
    response = preview(editor_client, event, "signage-landscape", show_on_signage="")

    assert warnings(response) == [
        "「館内の案内画面に表示する」がオフのため、このイベントはサイネージに表示されません。"
    ]


def test_signage_preview_shows_a_cancelled_event_with_its_status(editor_client, event):
    _, screen = screen_in(preview(editor_client, event, "signage-landscape", status="cancelled"))

    badges = [badge.get_text() for badge in screen.find_all(class_="badge")]
    assert badges == ["中止"]


def test_signage_preview_shows_an_important_notice_on_the_notice_slide(editor_client, notice):
    _, screen = screen_in(preview(editor_client, notice, "signage-landscape", title=DRAFT_TITLE))

    assert [
        (
            slide["data-kind"],
            [badge.get_text() for badge in slide.find_all(class_="badge")],
            slide.find(class_="row__title").get_text(),
            slide.find(class_="row__text").get_text(),
        )
        for slide in screen.find_all(class_="slide")
    ] == [
        (
            "notices",
            ["重要"],
            DRAFT_TITLE,
            "エレベーターの点検のため、午前中は階段をご利用ください。",
        )
    ]


def test_signage_preview_shows_an_emergency_notice_taking_over_the_screen(editor_client, notice):
    _, screen = screen_in(
        preview(editor_client, notice, "signage-portrait", title=DRAFT_TITLE, priority="emergency")
    )

    emergency = screen.find(id="emergency")
    assert screen.body["class"] == ["signage", "signage--portrait", "has-emergency"]
    assert (emergency.has_attr("hidden"), emergency.find("h1").get_text()) == (
        False,
        DRAFT_TITLE,
    )


def test_widget_preview_runs_the_widget_on_the_draft_in_the_apis_shape(editor_client, event):
    page = html(preview(editor_client, event, "school-widget", title=DRAFT_TITLE))

    scripts = [script.get("src") for script in page.find_all("script")]
    data = json.loads(page.find(id="widget-preview-events").get_text())
    assert scripts == [None, "/static/preview/widget-preview.js", "/static/widget/events.js"]
    assert data == [
        {
            "title": DRAFT_TITLE,
            "url": event.full_url,
            "status": "SCHEDULED",
            "statusLabel": "開催予定",
            "isSample": False,
            "sessions": [
                {
                    "startsAt": "2026-12-06T14:00:00+09:00",
                    "endsAt": "2026-12-06T16:00:00+09:00",
                    "allDay": False,
                }
            ],
            "venue": {"name": VENUE},
        }
    ]


def test_developers_token_preview_names_the_portals_public_graphql_address(
    editor_client, event, settings
):
    settings.PUBLIC_BASE_URL = "https://kyodo.example.jp"

    page = html(preview(editor_client, event, "headless"))

    assert page.find(id="graphql-url").get_text() == "https://kyodo.example.jp/graphql/"


@pytest.mark.parametrize("mode", [mode for mode, _ in EVENT_MODES])
def test_a_user_without_the_right_to_edit_gets_no_preview(client, django_user_model, event, mode):
    outsider = django_user_model.objects.create_user("kengaku", password="password")
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(outsider)
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[event.pk])

    posted = client.post(preview_url, data={"title": DRAFT_TITLE})
    response = client.get(preview_url, {"mode": mode})

    # Wagtail answers a refusal in the admin by sending the user back to the dashboard.
    dashboard = reverse("wagtailadmin_home")
    assert [
        (posted.status_code, posted["Location"]),
        (response.status_code, response["Location"]),
    ] == [
        (302, dashboard),
        (302, dashboard),
    ]
