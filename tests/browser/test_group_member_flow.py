"""A group's member, from invitation to a published event (issue 17): a 承認者 invites them from
the group page, the invitation arrives by e-mail through a real SMTP server on loopback, they set a
password, change their group's profile and add an event, the 承認者 is asked by e-mail and approves
both, the member is told so by e-mail, and the event is public on the site, in GraphQL and in the
ICS feed. The member never reaches another group's page."""

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from home.loading.site import section
from home.models import EventPage, GroupIndexPage, GroupPage
from jp.time import TOKYO
from tests.browser.conftest import SCREENSHOTS_DIR
from tests.browser.english_check import assert_japanese
from tests.factories import GroupPageFactory, VenueFactory
from tests.users import TEST_PASSWORD

pytestmark = [
    pytest.mark.browser,
    # Wagtail's root page, root collection and default Site come from data migrations; the flush
    # after a transactional test would delete them, so they are restored for the tests after it.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SUBJECT_PREFIX = "【かまがや協働ポータル】"
APPROVER_ADDRESS = "shonin@city.kamagaya.example"
GROUP_TITLE = "くぬぎ山どんぐりの会"
OTHER_GROUP_TITLE = "あおぞら子ども会"
MEMBER_NAME = "山田"
MEMBER_ADDRESS = "yamada@kunugi.example.jp"
MEMBER_PASSWORD = "donguri-no-kai-2026"
NEW_GROUP_SUMMARY = "くぬぎ山の雑木林で、毎月どんぐりと生きものを観察しています。"
EVENT_TITLE = "どんぐり拾いと木の名前しらべ"
EVENT_SUMMARY = "雑木林でどんぐりを拾い、木の名前を調べます。"
EVENT_DESCRIPTION = "小学生から大人まで参加できます。軍手をお持ちください。"
VENUE_NAME = "きらり鎌ケ谷市民会館"
# The admin's date-time inputs take this format (Y-m-d H:i), in Tokyo time.
ADMIN_DATETIME = "%Y-%m-%d %H:%M"
INVITATION_LINK = re.compile(r"https?://\S+/admin/invitation/[^/\s]+/")
EVENT_QUERY = "query Event($slug: String!) { event(slug: $slug) { title summary } }"


def weeks_ahead(weeks, hour):
    """Today in Tokyo plus some weeks, at a whole hour: upcoming whenever the test runs, and
    inside the ICS feed's default window."""
    day = timezone.localdate(timezone=TOKYO) + dt.timedelta(weeks=weeks)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=TOKYO)


def text_field(scope, label):
    """A text input by its label, which Wagtail follows with a * when the field is required."""
    return scope.get_by_role("textbox", name=re.compile(rf"^{re.escape(label)}\*?$"))


def on_live_server(link, live_server):
    """A link the portal wrote on PUBLIC_BASE_URL, opened on the live server's own address."""
    parts = urlsplit(link)
    assert f"{parts.scheme}://{parts.netloc}" == settings.PUBLIC_BASE_URL
    return f"{live_server.url}{parts.path}"


def offers_members_screen(page, group):
    """Whether the page shown links to the group's 「メンバーと招待」. Read from the HTML as served:
    the header menu that holds the link keeps its items out of the document until it opens."""
    served = page.request.get(page.url)
    assert served.status == 200
    return f'href="/admin/group-members/{group.pk}/"' in served.text()


def by_subject(deliveries):
    """{subject: delivery}; the workflow sends one mail per page and step."""
    mails = {delivery.subject: delivery for delivery in deliveries}
    assert len(mails) == len(deliveries)
    return mails


def cookie(page, name):
    return next(item["value"] for item in page.context.cookies() if item["name"] == name)


def log_in(page, base_url, username, password):
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("ユーザー名").fill(username)
    page.locator('input[name="password"]').fill(password)
    page.get_by_role("button", name="ログイン").click()
    expect(page).to_have_url(f"{base_url}/admin/")


def submit_for_approval(page, title):
    page.locator("footer").get_by_role("button", name="他のアクション").click()
    page.get_by_role("button", name="承認ワークフローに提出する").click()
    # A new page is 「作成され、承認待ちです」, a changed one 「調整のために提出されました」.
    expect(page.locator(".messages")).to_contain_text(
        re.compile(rf"{re.escape(title)}.*(承認待ちです|提出されました)")
    )


def approve_from_dashboard(page, title):
    awaiting_review = page.get_by_role("region", name="あなたのレビューの待機中")
    row = awaiting_review.get_by_role("row", name=re.compile(re.escape(title)))
    row.get_by_role("button", name="操作").click()
    awaiting_review.get_by_role("button", name="コメントを付けて承認").click()
    approval = page.get_by_role("dialog").filter(has_text="コメントを付けて承認")
    approval.get_by_label("コメント").fill("内容を確認しました。")
    approval.get_by_role("button", name="コメントを付けて承認").click()
    # The modal reloads the dashboard when the approval is done.
    expect(row).to_have_count(0)


@pytest.fixture
def groups(roles):
    """The member's group and another one, both published."""
    parent = section(GroupIndexPage)
    pages = []
    for title, slug in ((GROUP_TITLE, "kunugi"), (OTHER_GROUP_TITLE, "aozora")):
        group = GroupPageFactory(parent=parent, title=title, slug=slug)
        group.save_revision().publish()
        pages.append(group)
    return pages


@pytest.fixture
def approver_with_address(approver):
    approver.last_name, approver.email = "鎌ケ谷", APPROVER_ADDRESS
    approver.save()
    return approver


@pytest.fixture
def member_page(request, chromium_browser, browser_page):
    """A browser context of the invited member's own, beside the approver's, leaving its
    screenshot as browser_page does."""
    context = chromium_browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="ja-JP", timezone_id="Asia/Tokyo"
    )
    page = context.new_page()
    yield page
    try:
        page.screenshot(path=SCREENSHOTS_DIR / f"{request.node.name}-member.png", full_page=True)
    finally:
        context.close()


def test_an_invited_member_publishes_an_event_of_their_group_through_approval(
    live_server, browser_page, member_page, smtp_server, approver_with_address, groups
):
    approver_page, page = browser_page, member_page
    base_url = live_server.url
    own_group, other_group = groups
    VenueFactory(name=VENUE_NAME)
    session = (weeks_ahead(3, 10), weeks_ahead(3, 12))
    # Latin the screens show because the data has it: the approver's user name in the sidebar.
    seen_names = [approver_with_address.username]

    # 1. The 承認者 invites the member from the group page's header menu.
    log_in(approver_page, base_url, approver_with_address.username, TEST_PASSWORD)
    approver_page.goto(f"{base_url}/admin/pages/{own_group.pk}/edit/")
    expect(text_field(approver_page, "ひとことで紹介")).to_be_visible()
    # What the member's own group page is checked for at the end.
    assert offers_members_screen(approver_page, own_group)
    approver_page.locator("header").get_by_role("button", name="操作", exact=True).click()
    approver_page.get_by_role("link", name="メンバーと招待").click()
    expect(approver_page.get_by_role("heading", level=1)).to_contain_text(GROUP_TITLE)
    assert_japanese(approver_page, "メンバーと招待", seen_names)
    approver_page.get_by_label("名前").fill(MEMBER_NAME)
    approver_page.get_by_label("メールアドレス").fill(MEMBER_ADDRESS)
    approver_page.get_by_role("button", name="招待メールを送る").click()
    expect(approver_page.locator(".messages")).to_contain_text(
        f"{MEMBER_ADDRESS} に招待メールを送りました"
    )

    # 2. The invitation arrives through SMTP, with the link to set a password.
    (invitation,) = smtp_server.deliveries
    assert invitation.rcpt_tos == [MEMBER_ADDRESS]
    assert invitation.subject == f"{SUBJECT_PREFIX}「{GROUP_TITLE}」の編集メンバーに招待されました"
    (link,) = INVITATION_LINK.findall(invitation.body)

    # 3. The member sets a password and lands on a dashboard about their group.
    page.goto(on_live_server(link, live_server))
    expect(page.get_by_role("heading", level=1)).to_have_text("パスワードの設定")
    assert_japanese(page, "パスワードの設定", seen_names)
    for label in ("新しいパスワード", "新しいパスワード(確認用)"):
        # Password inputs are no textboxes; the label ends in * as the field is required.
        page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$")).fill(MEMBER_PASSWORD)
    page.get_by_role("button", name="パスワードを設定して始める").click()
    expect(page).to_have_url(f"{base_url}/admin/")
    own_groups_panel = page.get_by_role("region", name="あなたの団体")
    expect(own_groups_panel.get_by_role("link", name=GROUP_TITLE)).to_be_visible()
    assert_japanese(page, "団体メンバーのダッシュボード", seen_names)

    # 4. The member changes the group's profile and submits it, then adds an event.
    own_groups_panel.get_by_role("link", name=GROUP_TITLE).click()
    text_field(page, "ひとことで紹介").fill(NEW_GROUP_SUMMARY)
    submit_for_approval(page, GROUP_TITLE)

    page.goto(f"{base_url}/admin/")
    page.get_by_role("region", name="あなたの団体").get_by_role(
        "link", name="イベントを作る"
    ).click()
    expect(page.get_by_label(GROUP_TITLE)).to_be_checked()
    expect(page.get_by_label(OTHER_GROUP_TITLE)).not_to_be_checked()
    text_field(page, "イベント名").fill(EVENT_TITLE)
    text_field(page, "ひとことで紹介").fill(EVENT_SUMMARY)
    description = page.locator('[data-contentpath="description"]').get_by_role("textbox")
    description.click()
    description.press_sequentially(EVENT_DESCRIPTION)
    for field, value in zip(("starts_at", "ends_at"), session, strict=True):
        typed = value.strftime(ADMIN_DATETIME)
        date_time_input = page.locator(f'input[name="sessions-0-{field}"]')
        date_time_input.fill(typed)
        # Closes the date picker, so it covers neither the next field nor the value.
        date_time_input.press("Escape")
        expect(date_time_input).to_have_value(typed)
    page.get_by_role("button", name="会場を選択").click()
    page.get_by_role("dialog").get_by_role("link", name=VENUE_NAME).click()
    expect(page.locator("#id_venue-title")).to_have_text(VENUE_NAME)
    submit_for_approval(page, EVENT_TITLE)

    event = EventPage.objects.get(title=EVENT_TITLE)
    assert event.live is False
    assert list(event.organisers.all()) == [own_group]

    # 5. The 承認者 is asked by e-mail to approve both, and does so from the dashboard.
    requests = by_subject(smtp_server.deliveries[1:])
    for submitted in (own_group, event):
        request = requests.pop(f"{SUBJECT_PREFIX}承認依頼：{submitted.title}")
        assert request.rcpt_tos == [APPROVER_ADDRESS]
        assert f"依頼した人：{MEMBER_NAME}\n" in request.body
        assert f"{settings.PUBLIC_BASE_URL}/admin/pages/{submitted.pk}/edit/" in request.body
    assert requests == {}
    approver_page.goto(f"{base_url}/admin/")
    approve_from_dashboard(approver_page, GROUP_TITLE)
    approve_from_dashboard(approver_page, EVENT_TITLE)

    # 6. The member is told by e-mail that both are approved.
    approvals = by_subject(smtp_server.deliveries[3:])
    public_links = {}
    for approved in (own_group, event):
        approval = approvals.pop(f"{SUBJECT_PREFIX}承認されました：{approved.title}")
        assert approval.rcpt_tos == [MEMBER_ADDRESS]
        (public_links[approved.pk],) = re.findall(
            r"^公開ページ：(\S+)$", approval.body, re.MULTILINE
        )
    assert approvals == {}

    # 7. The event is public: its page, the event list, GraphQL and the ICS feed.
    event.refresh_from_db()
    assert event.live is True
    visitor = approver_page
    visitor.context.clear_cookies()
    visitor.goto(on_live_server(public_links[event.pk], live_server))
    expect(visitor.get_by_role("heading", level=1)).to_have_text(EVENT_TITLE)
    visitor.goto(f"{base_url}/events/")
    expect(visitor.get_by_role("main").get_by_role("link", name=EVENT_TITLE)).to_be_visible()
    visitor.goto(on_live_server(public_links[own_group.pk], live_server))
    expect(visitor.get_by_role("main")).to_contain_text(NEW_GROUP_SUMMARY)

    response = visitor.request.post(
        f"{base_url}/graphql/", data={"query": EVENT_QUERY, "variables": {"slug": event.slug}}
    )
    assert response.status == 200
    assert response.json() == {"data": {"event": {"title": EVENT_TITLE, "summary": EVENT_SUMMARY}}}

    feed = visitor.request.get(f"{base_url}/feeds/events.ics")
    assert feed.status == 200
    unfolded = re.sub(r"\r?\n[ \t]", "", feed.text())
    assert f"SUMMARY:{EVENT_TITLE}" in unfolded.splitlines()

    # 8. The member can neither open nor change another group's page, does not see it among
    # the groups, and has no members screen: Wagtail's permission denied sends them home.
    other_edit_url = f"{base_url}/admin/pages/{other_group.pk}/edit/"
    page.goto(other_edit_url)
    expect(page).to_have_url(f"{base_url}/admin/")
    expect(page.locator(".messages")).to_contain_text("アクセス権がありません。")
    refused = page.request.post(
        other_edit_url,
        form={
            "csrfmiddlewaretoken": cookie(page, "csrftoken"),
            "title": OTHER_GROUP_TITLE,
            "summary": NEW_GROUP_SUMMARY,
        },
        max_redirects=0,
    )
    assert (refused.status, refused.headers["location"]) == (302, "/admin/")
    unchanged = GroupPage.objects.get(pk=other_group.pk)
    assert (unchanged.latest_revision_id, unchanged.summary) == (
        other_group.latest_revision_id,
        other_group.summary,
    )

    page.goto(f"{base_url}/admin/pages/{own_group.get_parent().pk}/")
    listing = page.get_by_role("main")
    expect(listing.get_by_role("link", name=GROUP_TITLE).first).to_be_visible()
    expect(listing).not_to_contain_text(OTHER_GROUP_TITLE)

    page.goto(f"{base_url}/admin/pages/{own_group.pk}/edit/")
    expect(text_field(page, "ひとことで紹介")).to_have_value(NEW_GROUP_SUMMARY)
    assert not offers_members_screen(page, own_group)
    page.goto(f"{base_url}/admin/group-members/{own_group.pk}/")
    expect(page).to_have_url(f"{base_url}/admin/")
