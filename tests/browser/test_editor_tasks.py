"""The tasks of the editors' guide (ヘルプ → 使い方ガイド), done by a new 編集者 alone in the real admin:
a group with a logo, an event with two sessions and a picture, a notice and a year's progress on an
action, each previewed and submitted; a 承認者 approves them from the dashboard and schedules one.
The website, GraphQL and the ICS feed then show the results.

On the way the test takes the guide's screenshots (static/guide/), checks every screen for English,
and writes the time and clicks per task to test-artifacts/editor-tasks.json.
"""

import datetime as dt
import json
import re
import time
from contextlib import contextmanager
from io import BytesIO, StringIO
from pathlib import Path
from urllib.parse import unquote

import icalendar
import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect
from wagtail.models import Page

from home.loading.editors import APPROVERS, EDITORS
from home.loading.site import section
from home.models import (
    ActionPage,
    EventIndexPage,
    EventPage,
    GroupIndexPage,
    GroupPage,
    NoticeIndexPage,
    NoticePage,
    Venue,
)
from home.models.choices import OrganisationType, SnsService
from jp.time import TOKYO
from tests.browser.conftest import ARTIFACTS_DIR
from tests.browser.english_check import assert_japanese
from tests.users import TEST_PASSWORD, member_of

pytestmark = [
    pytest.mark.browser,
    # Wagtail's root page, root collection and default Site come from data migrations; the flush
    # after a transactional test would delete them, so they are restored for the tests after it.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

GUIDE_SCREENSHOTS_DIR = Path(__file__).resolve().parents[2] / "static" / "guide"
TASKS_REPORT = ARTIFACTS_DIR / "editor-tasks.json"
EDITOR_NAME, APPROVER_NAME = "henshu", "shonin"
# The admin's date-time inputs take this format (Y-m-d H:i), in Tokyo time.
ADMIN_DATETIME = "%Y-%m-%d %H:%M"

GROUP_TITLE = "くぬぎ山どんぐりの会"
GROUP_KANA = "くぬぎやまどんぐりのかい"
GROUP_SUMMARY = "くぬぎ山の雑木林を手入れし、観察会を開いています。"
GROUP_DESCRIPTION = "毎月、市民と一緒に下草刈りと生きもの観察をしています。"
LOGO_TITLE = "どんぐりの会ロゴ"
LOGO_ALT = "くぬぎ山どんぐりの会のロゴ：緑の丸"
EVENT_TITLE = "どんぐり観察会（全2回）"
EVENT_SUMMARY = "雑木林でどんぐりを拾い、木の名前を調べます。"
EVENT_DESCRIPTION = "2回続けて参加すると、季節による林の変化がわかります。"
EVENT_PICTURE_TITLE = "どんぐり観察会の写真"
EVENT_PICTURE_ALT = "雑木林でどんぐりを拾う子どもたち"
VENUE_NAME = "きらり鎌ケ谷市民会館（サンプル）"
NOTICE_TITLE = "市民活動フェア出展団体の募集"
NOTICE_BODY = "来年2月の市民活動フェアに出展する団体を募集します。"
ACTION_NUMBER = 8
PROGRESS_ACTIVITIES = "市民活動団体の交流会を開き、団体同士の連携を進めました。"
PROGRESS_TIMES, PROGRESS_PARTICIPANTS = 3, 87
APPROVAL_COMMENT = "内容を確認しました。"
# File formats the guide lists for uploads, by the names clerks know them.
FORMATS_THE_GUIDE_NAMES = (
    "WebP",
    "PDF",
    "Word",
    "Excel",
    "PowerPoint",
    "ODT",
    "docx",
    "xlsx",
    "pptx",
)

GRAPHQL_QUERY = """
query EditorTasks($event: String!, $group: String!, $action: Int!) {
  event(slug: $event) {
    title summary status
    sessions { startsAt endsAt }
    venue { name }
    image { alt width }
  }
  group(slug: $group) { name nameKana summary logo { alt width } }
  action(number: $action) {
    progress { fiscalYear implementationStatus activities timesHeld participants }
  }
}
"""


class Recorder:
    """Clicks go through here, so each task's count of clicks, checks and choices is known."""

    def __init__(self, page, allowed):
        self.page = page
        self.allowed = tuple(allowed)
        self.clicks = 0
        self.tasks = []
        self.screens = []

    def click(self, locator):
        locator.click()
        self.clicks += 1

    def check(self, locator):
        locator.check()
        self.clicks += 1

    def select(self, locator, label):
        locator.select_option(label=label)
        self.clicks += 1

    def screen(self, name, also_allowed=()):
        assert_japanese(self.page, name, (*self.allowed, *also_allowed))
        self.screens.append(name)

    @contextmanager
    def task(self, name):
        started, clicks_before = time.perf_counter(), self.clicks
        yield
        self.tasks.append(
            {
                "task": name,
                "seconds": round(time.perf_counter() - started, 1),
                "clicks": self.clicks - clicks_before,
            }
        )


def png(colour, size=(240, 160)):
    buffer = BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def shoot(locator, name):
    """A screenshot for the guide, of one element as a 1280 px wide admin shows it."""
    locator.scroll_into_view_if_needed()
    locator.screenshot(path=GUIDE_SCREENSHOTS_DIR / f"{name}.png", animations="disabled")


def dialog_box(dialog):
    # Choosers and workflow actions open Wagtail's older modal, the schedule its newer dialog.
    return dialog.locator(".w-dialog__box, .modal-content").first


def shoot_footer_menu(page, name):
    # The footer's menu opens upwards, outside the footer's own box.
    viewport = page.viewport_size
    clip = {"x": 0, "y": viewport["height"] - 360, "width": viewport["width"], "height": 360}
    page.screenshot(path=GUIDE_SCREENSHOTS_DIR / f"{name}.png", clip=clip, animations="disabled")


def words_from_the_data(usernames):
    """Latin the editors meet because the content or the city's usage has it, not the admin."""
    names = [
        *usernames,  # the sidebar shows who is signed in; user names are Latin
        *Page.objects.values_list("title", flat=True),  # 「NPO法人 …」, 「… PTA」
        *Venue.objects.values_list("name", flat=True),
        *OrganisationType.labels,
        *SnsService.labels,
        # The group form's label for its social-media links, as Japanese municipal sites write it.
        "SNS",
    ]
    # Image formats and sizes are named the same in Japanese (the upload form lists them).
    return [*names, *(extension.upper() for extension in settings.WAGTAILIMAGES_EXTENSIONS), "MB"]


def tokyo_now():
    return timezone.localtime(timezone=TOKYO)


def weeks_ahead(weeks, hour):
    """Today in Tokyo plus some weeks, at a whole hour: upcoming whenever the test runs."""
    day = tokyo_now().date() + dt.timedelta(weeks=weeks)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=TOKYO)


def current_fiscal_year():
    today = tokyo_now().date()
    return today.year if today.month >= 4 else today.year - 1


def text_field(scope, label):
    """A text input by its label, which Wagtail follows with a * when the field is required."""
    return scope.get_by_role("textbox", name=re.compile(rf"^{re.escape(label)}\*?$"))


def choice_field(scope, label):
    """A drop-down by its label (followed by * when required)."""
    return scope.get_by_role("combobox", name=re.compile(rf"^{re.escape(label)}\*?$"))


def rich_text(page, content_path):
    # Draftail's editable area is not tied to its label; the field's content path finds it.
    return page.locator(f'[data-contentpath="{content_path}"]').get_by_role("textbox")


def panel(page, heading):
    """A panel of the edit form by its heading, as the editor sees it."""
    return (
        page.locator("section.w-panel")
        .filter(has=page.get_by_role("heading", name=heading, exact=True))
        .first
    )


def type_datetime(page, name, value, close_picker=None):
    typed = value.strftime(ADMIN_DATETIME)
    field = page.locator(f'input[name="{name}"]')
    field.fill(typed)
    # Closes the date picker the input opened, so it covers neither the next field nor the value.
    # In a dialog Escape would close the dialog too, and closing it resets its fields.
    if close_picker is None:
        field.press("Escape")
    else:
        close_picker()
    expect(field).to_have_value(typed)


@pytest.fixture
def sample_site(transactional_db):
    call_command("load_plan", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())


class EditorTasks:
    """The guide's steps, as a clerk follows them in the admin."""

    def __init__(self, recorder, base_url):
        self.recorder = recorder
        self.page = recorder.page
        self.base_url = base_url

    def log_in(self, user):
        page = self.page
        page.context.clear_cookies()
        page.goto(f"{self.base_url}/admin/login/")
        self.recorder.screen("ログイン")
        page.get_by_label("ユーザー名").fill(user.username)
        page.locator('input[name="password"]').fill(TEST_PASSWORD)
        self.recorder.click(page.get_by_role("button", name="ログイン"))
        expect(page).to_have_url(f"{self.base_url}/admin/")
        self.recorder.screen(f"ダッシュボード（{user.username}）")

    def open_pages_of(self, index_page, screenshot=None):
        """The page list of a section, as the sidebar's ページ menu leads to it."""
        self.page.goto(f"{self.base_url}/admin/pages/{index_page.pk}/")
        self.recorder.screen(f"ページ一覧：{index_page.title}")
        if screenshot:
            shoot(self.page.locator("header").first, screenshot)

    def add_child_page(self, index_page, first_field, screenshot=None):
        self.open_pages_of(index_page, screenshot)
        self.recorder.click(self.page.get_by_role("link", name="子ページを追加"))
        expect(text_field(self.page, first_field)).to_be_visible()

    def write_rich_text(self, content_path, text):
        editor = rich_text(self.page, content_path)
        self.recorder.click(editor)
        editor.press_sequentially(text)
        expect(editor).to_have_text(text)

    def upload_image(self, chooser_button, title, alt, content, screenshot=None):
        page = self.page
        self.recorder.click(chooser_button)
        dialog = page.get_by_role("dialog")
        self.recorder.click(dialog.get_by_role("tab", name="アップロード"))
        self.recorder.screen("画像の選択（アップロード）")
        dialog.locator('input[type="file"]').set_input_files(
            {"name": "upload.png", "mimeType": "image/png", "buffer": content}
        )
        text_field(dialog, "タイトル").fill(title)
        text_field(dialog, "代替テキスト").fill(alt)
        if screenshot:
            shoot(dialog_box(dialog), screenshot)
        self.recorder.click(dialog.get_by_role("button", name="アップロード"))
        expect(page.get_by_role("dialog")).to_have_count(0)

    def preview(self, screen_name, shown_text, screenshot=None):
        page = self.page
        self.recorder.click(page.locator('button[data-side-panel-toggle="preview"]'))
        preview_panel = page.locator('[data-side-panel="preview"]')
        expect(
            preview_panel.frame_locator("iframe#w-preview-iframe").locator("main")
        ).to_contain_text(shown_text)
        self.recorder.screen(f"プレビュー：{screen_name}")
        if screenshot:
            shoot(preview_panel, screenshot)
        self.recorder.click(page.locator('button[data-side-panel-toggle="preview"]'))

    def submit(self, screen_name, title, screenshot=None):
        page = self.page
        self.recorder.click(page.locator("footer").get_by_role("button", name="他のアクション"))
        if screenshot:
            shoot_footer_menu(page, screenshot)
        self.recorder.click(page.get_by_role("button", name="承認ワークフローに提出する"))
        # A new page is 「作成され、承認待ちです」, a changed one 「調整のために提出されました」.
        expect(page.locator(".messages")).to_contain_text(
            re.compile(rf"{re.escape(title)}.*(承認待ちです|提出されました)")
        )
        self.recorder.screen(f"提出後：{screen_name}")

    def group_with_logo(self):
        page = self.page
        self.add_child_page(section(GroupIndexPage), "団体名", screenshot="add-child-page")
        self.recorder.screen("団体の作成")
        text_field(page, "団体名").fill(GROUP_TITLE)
        text_field(page, "団体名（ふりがな）").fill(GROUP_KANA)
        self.recorder.select(choice_field(page, "団体の種類"), "市民公益活動団体")
        text_field(page, "ひとことで紹介").fill(GROUP_SUMMARY)
        self.write_rich_text("description", GROUP_DESCRIPTION)
        logo = page.locator('[data-contentpath="logo"]')
        self.upload_image(
            logo.get_by_role("button", name="画像を選択"),
            LOGO_TITLE,
            LOGO_ALT,
            png("darkgreen"),
            screenshot="group-logo-upload",
        )
        expect(logo).to_contain_text(LOGO_TITLE)
        self.preview("団体", GROUP_SUMMARY)
        self.submit("団体", GROUP_TITLE, screenshot="submit-menu")

    def event_with_two_sessions_and_a_picture(self, sessions):
        page = self.page
        self.add_child_page(section(EventIndexPage), "イベント名")
        self.recorder.screen("イベントの作成")
        text_field(page, "イベント名").fill(EVENT_TITLE)
        text_field(page, "ひとことで紹介").fill(EVENT_SUMMARY)
        self.write_rich_text("description", EVENT_DESCRIPTION)
        for index, (starts_at, ends_at) in enumerate(sessions):
            if index > 0:
                self.recorder.click(page.get_by_role("button", name="日程を追加"))
            type_datetime(page, f"sessions-{index}-starts_at", starts_at)
            type_datetime(page, f"sessions-{index}-ends_at", ends_at)
        shoot(panel(page, "日程（全3回の講座なら3回分）"), "event-sessions")

        self.recorder.click(page.get_by_role("button", name="会場を選択"))
        self.recorder.screen("会場の選択")
        self.recorder.click(page.get_by_role("dialog").get_by_role("link", name=VENUE_NAME))
        expect(page.locator("#id_venue-title")).to_have_text(VENUE_NAME)
        shoot(panel(page, "開催状況"), "event-status")

        picture = page.locator('[data-contentpath="image"]')
        self.upload_image(
            picture.get_by_role("button", name="画像を選択"),
            EVENT_PICTURE_TITLE,
            EVENT_PICTURE_ALT,
            png("peru"),
        )
        expect(picture).to_contain_text(EVENT_PICTURE_TITLE)
        self.preview("イベント", EVENT_SUMMARY, screenshot="preview-panel")
        self.submit("イベント", EVENT_TITLE)

    def notice(self):
        page = self.page
        self.add_child_page(section(NoticeIndexPage), "タイトル")
        self.recorder.screen("お知らせの作成")
        text_field(page, "タイトル").fill(NOTICE_TITLE)
        self.write_rich_text("body", NOTICE_BODY)
        self.recorder.select(choice_field(page, "重要度"), "重要")
        shoot(page.locator('[data-contentpath="priority"]'), "notice-priority")
        self.preview("お知らせ", NOTICE_TITLE)
        self.submit("お知らせ", NOTICE_TITLE)

    def progress_record(self, action):
        page = self.page
        self.open_pages_of(action.get_parent().specific)
        self.recorder.click(
            page.get_by_role("link", name=re.compile(re.escape(action.title))).first
        )
        add_record = page.get_by_role("button", name="年度ごとの取組状況を追加")
        expect(add_record).to_be_visible()
        self.recorder.screen("アクションの編集")
        self.recorder.click(add_record)
        record = panel(page, "取組状況")
        record.locator('input[name="progress_records-0-fiscal_year"]').fill(
            str(current_fiscal_year())
        )
        self.recorder.select(
            record.locator('select[name="progress_records-0-implementation_status"]'), "実施"
        )
        record.locator('textarea[name="progress_records-0-activities"]').fill(PROGRESS_ACTIVITIES)
        record.locator('input[name="progress_records-0-times_held"]').fill(str(PROGRESS_TIMES))
        record.locator('input[name="progress_records-0-participants"]').fill(
            str(PROGRESS_PARTICIPANTS)
        )
        shoot(record, "progress-record")
        self.preview("取組状況", PROGRESS_ACTIVITIES)
        self.submit("取組状況", action.title)


class ApproverTasks(EditorTasks):
    def awaiting_review(self):
        return self.page.get_by_role("region", name="あなたのレビューの待機中")

    def approve_from_dashboard(self, title, screenshot=None):
        page = self.page
        row = self.awaiting_review().get_by_role("row", name=re.compile(re.escape(title)))
        self.recorder.click(row.get_by_role("button", name="操作"))
        self.recorder.click(
            self.awaiting_review().get_by_role("button", name="コメントを付けて承認")
        )
        approval = page.get_by_role("dialog").filter(has_text="コメントを付けて承認")
        approval.get_by_label("コメント").fill(APPROVAL_COMMENT)
        self.recorder.screen("コメントを付けて承認")
        if screenshot:
            shoot(dialog_box(approval), screenshot)
        self.recorder.click(approval.get_by_role("button", name="コメントを付けて承認"))
        # The modal reloads the dashboard when the approval is done.
        expect(row).to_have_count(0)
        self.recorder.screen("承認後のダッシュボード")

    def schedule_and_approve(self, title, go_live_at):
        page = self.page
        self.recorder.click(self.awaiting_review().get_by_role("link", name=title).first)
        self.recorder.screen("承認者によるお知らせの確認")
        self.recorder.click(page.locator('button[data-side-panel-toggle="status"]'))
        self.recorder.screen("ステータス")
        self.recorder.click(
            page.locator(
                '[data-side-panel="status"] [data-a11y-dialog-show="schedule-publishing-dialog"]'
            )
        )
        dialog = page.locator("#schedule-publishing-dialog")
        # Choosing the hour in the picker closes it, as a clerk would; Escape would close the
        # dialog as well, and clicking beside the picker leaves it over the dialog's button.
        hour = page.locator(".xdsoft_datetimepicker:visible .xdsoft_time").get_by_text(
            f"{go_live_at:%H:%M}", exact=True
        )
        type_datetime(page, "go_live_at", go_live_at, lambda: self.recorder.click(hour))
        self.recorder.screen("公開日時の設定")
        shoot(dialog_box(dialog), "schedule-dialog")
        self.recorder.click(dialog.locator("button[type=submit]"))
        expect(page.locator(".messages")).to_contain_text(title)
        self.recorder.screen("公開日時を保存した後")
        # The saved schedule is a draft until an approver confirms it with 「公開を予約」, which
        # also ends the page's approval workflow. (Approving instead would put the approver's
        # own draft up for approval again, as WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT asks.)
        footer = page.locator("footer")
        self.recorder.click(footer.get_by_role("button", name="他のアクション"))
        self.recorder.click(footer.get_by_role("button", name="公開を予約"))
        confirmation = page.get_by_role("dialog")
        self.recorder.screen("ワークフロー中の公開の確認")
        self.recorder.click(confirmation.get_by_role("button", name="公開", exact=True))
        expect(page.locator(".messages")).to_contain_text(
            re.compile(rf"{re.escape(title)}.*公開が予定されました")
        )
        self.recorder.screen("公開予約の後")

    def signage_screens(self):
        page = self.page
        self.recorder.click(page.get_by_role("link", name="サイネージ画面"))
        self.recorder.screen("サイネージ画面の一覧")
        shoot(page.locator("main"), "signage-screens")

    def read_the_guide(self):
        page = self.page
        self.recorder.click(page.get_by_role("button", name="ヘルプ"))
        self.recorder.click(page.get_by_role("link", name="使い方ガイド"))
        expect(page.get_by_role("heading", level=1)).to_have_text("使い方ガイド")
        self.recorder.screen("使い方ガイド", FORMATS_THE_GUIDE_NAMES)
        return page.locator(".editor-guide img").evaluate_all(
            "images => images.map(image => image.getAttribute('src'))"
        )


def graphql(page, base_url, variables):
    response = page.request.post(
        f"{base_url}/graphql/", data={"query": GRAPHQL_QUERY, "variables": variables}
    )
    assert response.status == 200
    return response.json()


def ics_events_titled(page, base_url, title, first_day, last_day):
    response = page.request.get(
        f"{base_url}/feeds/events.ics?from={first_day:%Y-%m-%d}&to={last_day:%Y-%m-%d}"
    )
    assert response.status == 200
    calendar = icalendar.Calendar.from_ical(response.body())
    return sorted(
        (event.decoded("DTSTART"), event.decoded("DTEND"))
        for event in calendar.walk("VEVENT")
        if str(event["SUMMARY"]) == title
    )


def test_a_new_editor_does_every_task_of_the_guide_and_an_approver_publishes_them(
    live_server, browser_page, sample_site
):
    page = browser_page
    GUIDE_SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    recorder = Recorder(page, words_from_the_data([EDITOR_NAME, APPROVER_NAME]))
    editor = EditorTasks(recorder, live_server.url)
    approver = ApproverTasks(recorder, live_server.url)
    action = ActionPage.objects.get(number=ACTION_NUMBER)
    sessions = [(weeks_ahead(4, 10), weeks_ahead(4, 12)), (weeks_ahead(5, 10), weeks_ahead(5, 12))]
    fiscal_year = current_fiscal_year()

    editor.log_in(member_of(EDITORS, EDITOR_NAME))
    with recorder.task("団体（ロゴ付き）"):
        editor.group_with_logo()
    with recorder.task("イベント（2回の日程・写真）"):
        editor.event_with_two_sessions_and_a_picture(sessions)
    with recorder.task("お知らせ"):
        editor.notice()
    with recorder.task("取組状況"):
        editor.progress_record(action)

    group = GroupPage.objects.get(title=GROUP_TITLE)
    event = EventPage.objects.get(title=EVENT_TITLE)
    notice = NoticePage.objects.get(title=NOTICE_TITLE)
    assert [item.live for item in (group, event, notice)] == [False, False, False]
    assert not action.progress_records.exists()

    # A whole hour, as the schedule dialog's time picker offers them.
    go_live_at = (tokyo_now() + dt.timedelta(hours=2)).replace(minute=0, second=0, microsecond=0)
    approver.log_in(member_of(APPROVERS, APPROVER_NAME))
    with recorder.task("承認と公開日時の予約（承認者）"):
        shoot(approver.awaiting_review(), "dashboard-review")
        approver.approve_from_dashboard(GROUP_TITLE, screenshot="approve-dialog")
        approver.approve_from_dashboard(EVENT_TITLE)
        approver.approve_from_dashboard(action.title)
        approver.schedule_and_approve(NOTICE_TITLE, go_live_at)
    approver.signage_screens()
    guide_images = approver.read_the_guide()

    for model_page in (group, event, notice, action):
        model_page.refresh_from_db()
    assert [group.live, event.live, notice.live] == [True, True, False]
    assert notice.go_live_at == go_live_at
    assert [
        (record.fiscal_year, record.activities) for record in action.progress_records.all()
    ] == [(fiscal_year, PROGRESS_ACTIVITIES)]

    with time_machine.travel(go_live_at + dt.timedelta(minutes=1), tick=True):
        call_command("publish_scheduled", stdout=StringIO())
        notice.refresh_from_db()
        assert notice.live is True

        page.context.clear_cookies()
        public = {
            group.url: [GROUP_TITLE, GROUP_SUMMARY, GROUP_DESCRIPTION],
            event.url: [EVENT_TITLE, EVENT_DESCRIPTION, VENUE_NAME],
            notice.url: [NOTICE_TITLE, NOTICE_BODY],
            action.url: [f"{fiscal_year}年度", PROGRESS_ACTIVITIES],
        }
        for url, texts in public.items():
            page.goto(f"{live_server.url}{url}")
            recorder.screen(f"公開ページ：{unquote(url)}")
            for text in texts:
                expect(page.get_by_role("main")).to_contain_text(text)
        page.goto(f"{live_server.url}{group.url}")
        expect(page.get_by_role("img", name=LOGO_ALT)).to_be_visible()

        result = graphql(
            page,
            live_server.url,
            {"event": event.slug, "group": group.slug, "action": ACTION_NUMBER},
        )
        ics_sessions = ics_events_titled(
            page, live_server.url, EVENT_TITLE, sessions[0][0].date(), sessions[1][0].date()
        )

    assert result == {
        "data": {
            "event": {
                "title": EVENT_TITLE,
                "summary": EVENT_SUMMARY,
                "status": "SCHEDULED",
                "sessions": [
                    {"startsAt": starts_at.isoformat(), "endsAt": ends_at.isoformat()}
                    for starts_at, ends_at in sessions
                ],
                "venue": {"name": VENUE_NAME},
                "image": {"alt": EVENT_PICTURE_ALT, "width": 240},
            },
            "group": {
                "name": GROUP_TITLE,
                "nameKana": GROUP_KANA,
                "summary": GROUP_SUMMARY,
                "logo": {"alt": LOGO_ALT, "width": 240},
            },
            "action": {
                "progress": [
                    {
                        "fiscalYear": fiscal_year,
                        "implementationStatus": "DONE",
                        "activities": PROGRESS_ACTIVITIES,
                        "timesHeld": PROGRESS_TIMES,
                        "participants": PROGRESS_PARTICIPANTS,
                    }
                ]
            },
        }
    }
    assert ics_sessions == sessions

    shots_taken = sorted(path.name for path in GUIDE_SCREENSHOTS_DIR.glob("*.png"))
    assert sorted(Path(src).name for src in guide_images) == shots_taken
    for src in guide_images:
        served = page.request.get(f"{live_server.url}{src}")
        assert (served.status, served.headers["content-type"]) == (200, "image/png"), src

    TASKS_REPORT.parent.mkdir(parents=True, exist_ok=True)
    TASKS_REPORT.write_text(
        json.dumps(
            {"tasks": recorder.tasks, "screens_checked": recorder.screens},
            ensure_ascii=False,
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
