"""A current 緊急 notice shows as a banner above the content of every public page, and the home
page's notice list marks 緊急 and 重要 notices each in its own way."""

import datetime as dt
import re

import pytest
import time_machine

from home.loading.site import section
from home.models import EventIndexPage, GroupIndexPage, NoticeIndexPage
from jp.time import TOKYO
from tests.factories import GroupPageFactory, NoticePageFactory, event_with_sessions

NOW = dt.datetime(2026, 12, 4, 9, 30, tzinfo=TOKYO)
EMERGENCY_TITLE = "台風接近のため本日の催しはすべて中止します"
BANNER = re.compile(r'<section class="emergency-banner".*?</section>', re.DOTALL)
LINK = re.compile(r'<a href="([^"]+)">([^<]*)</a>')
TAG = re.compile(r"<[^>]+>")


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def notice(title=EMERGENCY_TITLE, priority="emergency", **fields):
    """A notice, published through a revision as the admin publishes it unless it is a draft."""
    page = NoticePageFactory(
        parent=section(NoticeIndexPage), title=title, priority=priority, **fields
    )
    if page.live:
        page.save_revision().publish()
        page.refresh_from_db()
    return page


def banner(response):
    """The banner's visible text and its links, or None when the page has no banner."""
    assert response.status_code == 200
    found = BANNER.findall(response.content.decode())
    if not found:
        return None
    [html] = found
    return " ".join(TAG.sub(" ", html).split()), LINK.findall(html)


def public_pages():
    """A path of each kind: the home page, an event, a group and the search page."""
    start = NOW + dt.timedelta(days=2)
    event = event_with_sessions(section(EventIndexPage), (start, start + dt.timedelta(hours=2)))
    group = GroupPageFactory(parent=section(GroupIndexPage))
    return ["/", event.url, group.url, "/search/?q=防災"]


def test_a_current_emergency_shows_as_a_banner_on_every_kind_of_public_page(client, home_page):
    emergency = notice()

    for path in public_pages():
        assert banner(client.get(path)) == (
            f"緊急のお知らせ {EMERGENCY_TITLE}",
            [(emergency.url, EMERGENCY_TITLE)],
        ), path


def test_the_banner_lists_every_current_emergency_newest_first(client, home_page):
    older = notice(title="市役所本庁舎の停電について")
    with time_machine.travel(NOW + dt.timedelta(minutes=5), tick=False):
        newer = notice()

    with time_machine.travel(NOW + dt.timedelta(minutes=10), tick=False):
        response = client.get("/")

    assert banner(response) == (
        f"緊急のお知らせ {EMERGENCY_TITLE} 市役所本庁舎の停電について",
        [(newer.url, EMERGENCY_TITLE), (older.url, "市役所本庁舎の停電について")],
    )


@pytest.mark.parametrize(
    "fields",
    [
        {"live": False},
        {"expire_at": NOW - dt.timedelta(minutes=1)},
        {"display_from": NOW + dt.timedelta(minutes=1)},
        {"priority": "important"},
    ],
    ids=["draft", "expired", "not-yet-shown", "important-only"],
)
def test_no_banner_for_a_notice_that_is_not_a_current_emergency(client, home_page, fields):
    notice(**fields)

    assert [banner(client.get(path)) for path in public_pages()] == [None] * 4


def test_the_banner_leaves_when_the_display_window_ends(client, home_page):
    notice(expire_at=NOW + dt.timedelta(hours=1))
    shown = banner(client.get("/"))

    with time_machine.travel(NOW + dt.timedelta(hours=1), tick=False):
        after = banner(client.get("/"))

    assert (shown is not None, after) == (True, None)


def test_the_banner_carries_the_key_its_script_announces_once_per_emergency(client, home_page):
    emergency = notice()
    html = client.get("/").content.decode()

    assert f'data-emergency-banner="{emergency.pk}.{emergency.live_revision_id}"' in html
    assert '<p class="visually-hidden" role="alert" data-emergency-announcer></p>' in html
    assert html.count('src="/static/js/emergency-banner.js"') == 1


def test_the_home_page_marks_emergency_and_important_notices_each_its_own_way(client, home_page):
    notice(title="避難所を開設しました")
    notice(title="窓口の受付時間が変わります", priority="important")
    notice(title="広報かまがや12月号を発行しました", priority="normal")

    html = client.get("/").content.decode()

    [notice_list] = re.findall(r'<ul class="notice-list">(.*?)</ul>', html, re.DOTALL)
    items = re.findall(r'<li><a href="[^"]+">(.*?)</a></li>', notice_list)
    assert items == [
        '<span class="notice-mark notice-mark--emergency">緊急</span> 避難所を開設しました',
        '<span class="notice-mark notice-mark--important">重要</span> 窓口の受付時間が変わります',
        "広報かまがや12月号を発行しました",
    ]
