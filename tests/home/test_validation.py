"""Model validation gives editors Japanese messages for impossible content."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from home.models import (
    ActionPage,
    EventIndexPage,
    EventSession,
    NoticePage,
    PlanPage,
    VisionPage,
)
from jp.time import TOKYO
from tests.factories import EventPageFactory


def messages_of(instance):
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


def test_session_ending_before_it_starts_is_refused(db):
    session = EventSession(
        starts_at=dt.datetime(2026, 12, 5, 14, tzinfo=TOKYO),
        ends_at=dt.datetime(2026, 12, 5, 13, tzinfo=TOKYO),
    )
    assert messages_of(session)["ends_at"] == ["終了日時は開始日時より後にしてください。"]


def test_a_session_longer_than_a_year_is_refused_and_a_year_long_one_kept(db):
    starts_at = dt.datetime(2026, 4, 1, 9, tzinfo=TOKYO)
    too_long = EventSession(
        starts_at=starts_at, ends_at=starts_at + dt.timedelta(days=366, seconds=1)
    )
    longest = EventSession(starts_at=starts_at, ends_at=starts_at + dt.timedelta(days=366))

    assert (messages_of(too_long)["ends_at"], "ends_at" in messages_of(longest)) == (
        ["1回の日程は366日以内にしてください。それより長い催しは、日程を分けて登録してください。"],
        False,
    )


def test_action_number_outside_1_to_22_is_refused(plan):
    action = ActionPage.objects.get(number=22)
    action.number = 23
    assert messages_of(action)["number"] == ["この値は 22 以下でなければなりません。"]


def test_action_number_already_used_is_refused_with_the_other_action_named(plan):
    action = ActionPage.objects.get(number=22)
    action.number = 1
    assert messages_of(action)["number"] == [
        "アクション1はすでに「地域づくりコーディネーターの育成」で使われています。"
    ]


def test_vision_number_already_used_is_refused(plan):
    vision = VisionPage.objects.get(number=4)
    vision.number = 2
    assert messages_of(vision)["number"] == [
        "未来像2はすでに「市民が地域の活動を知り、誰でも気軽に参加できる」で使われています。"
    ]


def test_plan_period_must_not_end_before_it_starts(plan):
    page = PlanPage.objects.get()
    page.end_fiscal_year = 2020
    assert messages_of(page)["end_fiscal_year"] == ["終了年度は開始年度以降にしてください。"]


def test_notice_must_start_showing_before_it_expires(home_page):
    notice = NoticePage(
        title="お知らせ",
        slug="notice",
        body="<p>本文</p>",
        display_from=dt.datetime(2026, 12, 5, tzinfo=TOKYO),
        expire_at=dt.datetime(2026, 12, 4, tzinfo=TOKYO),
    )
    assert messages_of(notice)["display_from"] == [
        "表示開始日時は公開終了日時より前にしてください。"
    ]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"attendance_mode": "in_person", "venue": None},
            {"venue": ["会場で開催するイベントは会場を選んでください。"]},
        ),
        (
            {"attendance_mode": "online", "venue": None, "online_url": ""},
            {"online_url": ["オンラインで参加できるイベントは参加URLを入力してください。"]},
        ),
        (
            {"attendance_mode": "hybrid", "venue": None, "online_url": ""},
            {
                "venue": ["会場で開催するイベントは会場を選んでください。"],
                "online_url": ["オンラインで参加できるイベントは参加URLを入力してください。"],
            },
        ),
        (
            {"registration_required": True},
            {
                "registration_method": [
                    "事前申込が必要な場合は申込方法か申込ページURLを入力してください。"
                ]
            },
        ),
    ],
    ids=["in-person-without-venue", "online-without-url", "hybrid-without-both", "no-method"],
)
def test_event_attendance_and_registration_rules(home_page, fields, expected):
    event = EventPageFactory(parent=home_page.get_children().get(slug="events"))
    for name, value in fields.items():
        setattr(event, name, value)
    assert messages_of(event) == expected


def test_a_valid_event_passes(home_page):
    event = EventPageFactory(parent=home_page.get_children().get(slug="events"))
    event.attendance_mode = "hybrid"
    event.online_url = "https://example.jp/meet"
    event.full_clean()


def test_an_event_cannot_take_the_calendar_address(plan):
    event = EventPageFactory(parent=EventIndexPage.objects.get())
    event.slug = "calendar"
    assert messages_of(event)["slug"] == [
        "「calendar」はイベント一覧の機能で使うため、別のスラッグにしてください。"
    ]


@pytest.mark.parametrize(
    ("title", "mark"),
    [
        ("【緊急】避難所を開設しました", "【緊急】"),
        ("［重要］ 駐車場の利用制限", "［重要］"),
        ("  [緊急]断水のお知らせ", "[緊急]"),
    ],
)
def test_a_typed_priority_mark_is_refused_so_it_never_shows_twice(home_page, title, mark):
    notice = NoticePage(title=title, slug="notice", body="<p>本文</p>", priority="emergency")
    assert messages_of(notice)["title"] == [
        f"タイトルの先頭の「{mark}」は消してください。"
        "「重要度」で選ぶと、サイト・フィード・案内画面に自動で付きます。"
    ]


def test_a_typed_status_mark_on_an_event_is_refused(db):
    event = EventPageFactory.build(title="【中止】秋の清掃活動", status="cancelled")
    assert messages_of(event)["title"] == [
        "タイトルの先頭の「【中止】」は消してください。"
        "「開催状況」で選ぶと、サイト・フィード・案内画面に自動で付きます。"
    ]


@pytest.mark.parametrize("title", ["緊急時の連絡網を見直しました", "【募集】ボランティア説明会"])
def test_brackets_that_are_not_the_sites_marks_are_kept(home_page, title):
    notice = NoticePage(title=title, slug="notice", body="<p>本文</p>")
    notice.full_clean(exclude=["path", "depth"])
