"""The models' query rules decide what is public; drafts, expired and restricted pages never pass."""

import datetime as dt

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from home.models import (
    EventIndexPage,
    EventPage,
    GroupIndexPage,
    GroupPage,
    NoticeIndexPage,
    NoticePage,
)
from jp.time import TOKYO
from tests.factories import GroupPageFactory, NoticePageFactory, event_with_sessions

pytestmark = pytest.mark.dates


def soon():
    return timezone.now() + dt.timedelta(days=3)


def upcoming_event(title, **fields):
    return event_with_sessions(
        EventIndexPage.objects.get(),
        (soon(), soon() + dt.timedelta(hours=2)),
        title=title,
        **fields,
    )


@pytest.fixture
def events(home_page):
    visible = upcoming_event("公開中のイベント")
    draft = upcoming_event("下書きのイベント", live=False)
    expired = upcoming_event("期限切れのイベント")
    expired.expire_at = timezone.now() - dt.timedelta(minutes=1)
    expired.save()
    restricted = upcoming_event("限定公開のイベント")
    PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    unpublished = upcoming_event("公開停止したイベント")
    unpublished.unpublish()
    return {"visible": visible, "draft": draft}


def test_only_live_unexpired_unrestricted_events_are_upcoming(events):
    assert [event.title for event in EventPage.objects.upcoming()] == ["公開中のイベント"]


def test_a_newer_draft_never_replaces_the_live_version(events):
    visible = events["visible"]
    visible.title = "未承認の新しいタイトル"
    visible.save_revision()
    assert [event.title for event in EventPage.objects.upcoming()] == ["公開中のイベント"]


def test_groups_follow_the_same_rule_and_sort_by_kana(home_page):
    directory = GroupIndexPage.objects.get()
    GroupPageFactory(parent=directory, title="わかば会", name_kana="わかばかい")
    GroupPageFactory(parent=directory, title="あおぞら会", name_kana="あおぞらかい")
    GroupPageFactory(parent=directory, title="下書きの会", name_kana="あいうかい", live=False)
    assert [group.title for group in GroupPage.objects.find()] == ["あおぞら会", "わかば会"]


def test_notices_show_inside_their_window_most_urgent_first(home_page):
    index = NoticeIndexPage.objects.get()
    now = dt.datetime(2026, 12, 5, 12, tzinfo=TOKYO)
    NoticePageFactory(parent=index, title="通常のお知らせ")
    NoticePageFactory(parent=index, title="重要なお知らせ", priority="important")
    NoticePageFactory(
        parent=index,
        title="終わった緊急のお知らせ",
        priority="emergency",
        expire_at=now - dt.timedelta(hours=1),
    )
    NoticePageFactory(
        parent=index,
        title="これからのお知らせ",
        display_from=now + dt.timedelta(hours=1),
    )
    assert [notice.title for notice in NoticePage.objects.current(now=now)] == [
        "重要なお知らせ",
        "通常のお知らせ",
    ]
