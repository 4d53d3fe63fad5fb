"""The editors' path through the real admin: 編集者 write an event and submit it, 承認者 approve it
from the dashboard, and only then can citizens see it."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from home.loading.editors import APPROVERS, EDITORS, ensure_editor_roles
from home.loading.plan import load_taxonomies
from home.loading.site import ensure_site_tree, section
from home.models import EventIndexPage, EventPage, EventSession
from jp.formatting import session_span
from jp.time import TOKYO
from tests.factories import VenueFactory
from tests.users import TEST_PASSWORD, member_of

pytestmark = [
    pytest.mark.browser,
    # Wagtail's root page, root collection and default Site come from data migrations; the flush
    # after a transactional test would delete them, so they are restored for the tests after it.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EVENT_TITLE = "くぬぎ山の里山さんぽ"
EVENT_SUMMARY = "秋の雑木林を歩いて、どんぐりを拾います。"
EVENT_DESCRIPTION = "ボランティアの案内で、くぬぎ山の雑木林を1時間ほど歩きます。"
VENUE_NAME = "きらり鎌ケ谷市民会館"
AUDIENCE_NAME = "シニア"
# The admin's date-time inputs are configured with this format (Y-m-d H:i).
ADMIN_DATETIME = "%Y-%m-%d %H:%M"


def weeks_ahead(weeks, hour):
    """Today in Tokyo plus some weeks, at a whole hour: upcoming whenever the test runs."""
    day = timezone.localdate(timezone=TOKYO) + dt.timedelta(weeks=weeks)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=TOKYO)


def expected_span(starts_at, ends_at):
    return session_span(EventSession(starts_at=starts_at, ends_at=ends_at))


@pytest.fixture
def site_with_roles(transactional_db):
    home = ensure_site_tree()
    load_taxonomies()
    ensure_editor_roles(home)
    VenueFactory(name=VENUE_NAME)
    return home


@pytest.fixture
def editor(site_with_roles):
    return member_of(EDITORS, "henshu")


@pytest.fixture
def approver(site_with_roles):
    return member_of(APPROVERS, "shonin")


def text_field(page, label):
    """A text input by its label, which Wagtail follows with a * when the field is required."""
    return page.get_by_role("textbox", name=re.compile(rf"^{re.escape(label)}\*?$"))


def log_in(page, base_url, user):
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("ユーザー名").fill(user.username)
    # Wagtail 8 leaves the password label untranslated ("Password"); its placeholder is Japanese.
    page.get_by_placeholder("パスワードを入力してください").fill(TEST_PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    expect(page).to_have_url(f"{base_url}/admin/")


def open_new_event_form(page, base_url):
    page.goto(f"{base_url}/admin/pages/{section(EventIndexPage).pk}/")
    # イベント一覧 allows only events as children, so Wagtail goes straight to the event form.
    page.get_by_role("link", name="子ページを追加").click()
    expect(text_field(page, "ひとことで紹介")).to_be_visible()


def fill_session(page, index, starts_at, ends_at):
    for field, value in (("starts_at", starts_at), ("ends_at", ends_at)):
        typed = value.strftime(ADMIN_DATETIME)
        date_time_input = page.locator(f'input[name="sessions-{index}-{field}"]')
        date_time_input.fill(typed)
        # Closes the date picker the input opened, so it covers neither the next field nor the
        # value; the picker must leave what was typed untouched.
        date_time_input.press("Escape")
        expect(date_time_input).to_have_value(typed)


def fill_event(page, sessions):
    """Everything an editor fills in for an in-person event, with one session per (start, end)."""
    text_field(page, "イベント名").fill(EVENT_TITLE)
    text_field(page, "ひとことで紹介").fill(EVENT_SUMMARY)
    # Draftail's editable area is not tied to the 内容 label; the field's content path finds it.
    description = page.locator('[data-contentpath="description"]').get_by_role("textbox")
    description.click()
    description.press_sequentially(EVENT_DESCRIPTION)

    for index, (starts_at, ends_at) in enumerate(sessions):
        if index > 0:
            page.get_by_role("button", name="日程を追加").click()
        fill_session(page, index, starts_at, ends_at)

    page.get_by_role("button", name="会場を選択").click()
    page.get_by_role("dialog").get_by_role("link", name=VENUE_NAME).click()
    expect(page.locator("#id_venue-title")).to_have_text(VENUE_NAME)

    page.get_by_label(AUDIENCE_NAME, exact=True).check()


def submit_for_approval(page):
    page.locator("footer").get_by_role("button", name="他のアクション").click()
    page.get_by_role("button", name="承認ワークフローに提出する").click()


def approve_from_dashboard(page):
    awaiting_review = page.get_by_role("region", name="あなたのレビューの待機中")
    awaiting_review.get_by_role("row", name=re.compile(re.escape(EVENT_TITLE))).get_by_role(
        "button", name="操作"
    ).click()
    awaiting_review.get_by_role("button", name="コメントを付けて承認").click()
    approval = page.get_by_role("dialog").filter(has_text="コメントを付けて承認")
    approval.get_by_label("コメント").fill("内容を確認しました。")
    approval.get_by_role("button", name="コメントを付けて承認").click()
    # The modal reloads the dashboard when the approval is done; nothing is left to review then.
    expect(awaiting_review).to_have_count(0)


def test_event_written_by_an_editor_is_public_only_after_an_approver_approves_it(
    live_server, browser_page, editor, approver, client
):
    page = browser_page
    first = (weeks_ahead(4, 14), weeks_ahead(4, 16))
    second = (weeks_ahead(5, 10), weeks_ahead(5, 12))

    log_in(page, live_server.url, editor)
    open_new_event_form(page, live_server.url)
    fill_event(page, [first, second])
    submit_for_approval(page)

    expect(page.get_by_text(f"'{EVENT_TITLE}' が作成され、承認待ちです。")).to_be_visible()
    # The slug is filled in from the title, as editors never open the プロモート tab.
    event = EventPage.objects.get(title=EVENT_TITLE)
    assert event.slug == EVENT_TITLE
    assert event.live is False
    assert client.get(event.url).status_code == 404

    page.context.clear_cookies()
    log_in(page, live_server.url, approver)
    approve_from_dashboard(page)

    upcoming = page.get_by_role("region", name="今後のイベント")
    expect(upcoming.get_by_role("row", name=re.compile(re.escape(EVENT_TITLE)))).to_contain_text(
        "公開中"
    )
    event.refresh_from_db()
    assert event.live is True

    page.context.clear_cookies()
    page.goto(f"{live_server.url}{event.url}")
    expect(page.get_by_role("heading", level=1)).to_have_text(EVENT_TITLE)
    expect(page.locator("ul.sessions").get_by_role("listitem")).to_have_text(
        [expected_span(*first), expected_span(*second)]
    )
    main = page.get_by_role("main")
    for chosen in (EVENT_DESCRIPTION, VENUE_NAME, AUDIENCE_NAME):
        expect(main).to_contain_text(chosen)


def test_event_ending_before_it_starts_is_refused_with_a_japanese_error(
    live_server, browser_page, editor
):
    page = browser_page
    starts_at = weeks_ahead(4, 14)

    log_in(page, live_server.url, editor)
    open_new_event_form(page, live_server.url)
    fill_event(page, [(starts_at, starts_at - dt.timedelta(hours=2))])
    page.get_by_role("button", name="下書きを保存").click()

    error = page.get_by_text("終了日時は開始日時より後にしてください。")
    expect(error).to_be_visible()
    # Brought into view so the screenshot this test leaves shows the message.
    error.scroll_into_view_if_needed()
    assert (EventPage.objects.count(), EventSession.objects.count()) == (0, 0)
