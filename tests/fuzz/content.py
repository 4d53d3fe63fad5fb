"""The content the fuzzers run against: the real plan, and a few of every other kind of page.

`load_plan` gives the 4 visions and 22 actions as the city has them; the events, groups, notices
and venues are built with the factories, a handful of each in every shape that takes its own
code path (today's event at a screen's venue, a cancelled one, a course of several sessions, an
all-day and an online one, a past one; a recruiting group with a logo and photos). `load_demo`
would add ten times as many pages for no more code paths and take most of the fuzzing budget.

Beside them, one page in every state that must stay out of public view, each with HIDDEN_MARKER
in its title or summary, and one of them linked as organiser of a public event.
"""

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction

from home.loading.plan import load_plan, load_taxonomies
from home.loading.site import ensure_site_tree
from home.models import (
    ActionPage,
    ActivityField,
    Audience,
    District,
    EventIndexPage,
    GroupIndexPage,
    NoticeIndexPage,
)
from jp.time import TOKYO, tokyo_today
from signage.models import SignageScreen
from tests.factories import (
    GroupPageFactory,
    GroupPhotoFactory,
    ImageFactory,
    NoticePageFactory,
    VenueFactory,
    event_with_sessions,
)

HIDDEN_MARKER = "ZZHIDDEN"
SCREEN_SLUG = "fuzz-lobby"
INACTIVE_SCREEN_SLUG = "fuzz-retired"


def at(day_offset, hour, minute=0):
    """hour:minute Tokyo time, day_offset days from today."""
    day = tokyo_today() + dt.timedelta(days=day_offset)
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TOKYO)


def venues():
    hall = VenueFactory(
        name="きらり鎌ケ谷市民会館",
        slug="kirari",
        latitude=Decimal("35.7768"),
        longitude=Decimal("140.0006"),
    )
    return hall, VenueFactory(name="中央公民館", slug="chuo-kominkan")


def groups(image):
    parent = GroupIndexPage.objects.get()
    district = District.objects.create(name="初富", name_kana="はつとみ")
    District.objects.create(name="道野辺", name_kana="みちのべ")
    wakaba = GroupPageFactory(
        parent=parent,
        title="わかば会",
        slug="wakaba",
        name_kana="わかばかい",
        recruiting=True,
        district=district,
        logo=image,
        last_confirmed=dt.date(2026, 4, 1),
    )
    wakaba.activity_fields.add(ActivityField.objects.get(number=1))
    wakaba.related_actions.add(ActionPage.objects.get(number=17))
    GroupPhotoFactory(group=wakaba, image=image)
    wakaba.save()
    bousai = GroupPageFactory(
        parent=parent, title="防災ネット鎌ケ谷", slug="bousai-net", organisation_type="npo"
    )
    return wakaba, bousai


def events(hall, other_venue, image, organisers):
    parent = EventIndexPage.objects.get()
    today = event_with_sessions(
        parent,
        (at(0, 0, 30), at(0, 23, 30)),
        title="地域防災訓練",
        slug="bousai-kunren",
        venue=hall,
        room="多目的ホール",
        image=image,
        for_schools=True,
        show_on_signage=True,
        fee=500,
        capacity=40,
        registration_required=True,
        registration_deadline=at(-1, 17),
        registration_method="電話で市民活動推進課へ",
    )
    today.audiences.add(*Audience.objects.filter(slug__in=["pupils", "parents"]))
    today.organisers.add(*organisers)
    today.related_actions.add(ActionPage.objects.get(number=17))
    today.save()
    event_with_sessions(
        parent,
        (at(1, 10), at(1, 12)),
        title="こども将棋教室",
        slug="shogi",
        venue=hall,
        status="cancelled",
        status_note="講師の都合により中止します。",
    )
    event_with_sessions(
        parent,
        *[(at(days, 19), at(days, 21)) for days in (2, 9, 16)],
        title="手話入門講座（全3回）",
        slug="shuwa",
        venue=other_venue,
    )
    event_with_sessions(
        parent,
        (at(5, 0), at(5, 23, 59)),
        title="オンライン交流会",
        slug="online-kouryu",
        venue=None,
        attendance_mode="online",
        online_url="https://example.jp/online/",
    )
    event_with_sessions(parent, (at(-7, 10), at(-7, 12)), title="先週の清掃活動", slug="seisou")


def notices():
    parent = NoticeIndexPage.objects.get()
    NoticePageFactory(
        parent=parent, title="臨時休館のお知らせ", slug="kyukan", priority="important"
    )
    NoticePageFactory(parent=parent, title="サイト公開のお知らせ", slug="kokai")


def hidden_pages():
    """One page in each state that must stay out of public view; returns them."""
    soon = (at(2, 10), at(2, 12))
    draft_event = event_with_sessions(
        EventIndexPage.objects.get(),
        soon,
        title=f"下書きイベント{HIDDEN_MARKER}",
        slug="fuzz-draft-event",
        live=False,
    )
    restricted_event = event_with_sessions(
        EventIndexPage.objects.get(),
        soon,
        title=f"非公開イベント{HIDDEN_MARKER}",
        slug="fuzz-restricted-event",
        summary=f"{HIDDEN_MARKER}の概要",
        show_on_signage=True,
    )
    PageViewRestriction.objects.create(
        page=restricted_event, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    unpublished_group = GroupPageFactory(
        parent=GroupIndexPage.objects.get(),
        title=f"公開終了の団体{HIDDEN_MARKER}",
        slug="fuzz-unpublished-group",
        recruiting=True,
    )
    unpublished_group.unpublish()
    expired_notice = NoticePageFactory(
        parent=NoticeIndexPage.objects.get(),
        title=f"期限切れのお知らせ{HIDDEN_MARKER}",
        slug="fuzz-expired-notice",
    )
    expired_notice.expire_at = timezone.now() - dt.timedelta(minutes=1)
    expired_notice.save()
    return [draft_event, restricted_event, unpublished_group, expired_notice]


def document():
    return get_document_model().objects.create(
        title="アクションプラン（テキスト版）", file=ContentFile(b"plan\n", name="plan.txt")
    )


def build_site():
    """Everything above; returns (home page, hidden pages, public document)."""
    home = ensure_site_tree()
    load_taxonomies()
    load_plan(home)
    hall, other_venue = venues()
    image = ImageFactory()
    hidden = hidden_pages()
    wakaba, _ = groups(image)
    unpublished_group = hidden[2]
    events(hall, other_venue, image, organisers=[wakaba, unpublished_group])
    notices()
    SignageScreen.objects.create(name="ロビー", slug=SCREEN_SLUG, venue=hall)
    SignageScreen.objects.create(name="休止中", slug=INACTIVE_SCREEN_SLUG, is_active=False)
    return home, hidden, document()
