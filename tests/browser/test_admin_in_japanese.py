"""Every admin screen a 編集者, 承認者 or 団体メンバー uses is in Japanese, with the plan and the sample
content loaded: no visible English outside tests/browser/english_check.py's allow-list. So are the
invitation link's pages, which a new member sees before signing in.

SCREENS is the walk, as data: one line a screen. Each role signs in once, in a browser context of
its own. 編集者, 承認者 and 団体メンバー are ordinary members of the groups `load_plan` makes; the user and
group admin is a superuser's, as neither role may manage users. Screenshots of every screen are
kept in test-artifacts/screenshots/admin-in-japanese/.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect
from wagtail.documents.models import Document
from wagtail.images import get_image_model
from wagtail.models import Page

from home.editing.members import account_for
from home.loading.editors import APPROVERS, EDITORS, MEMBERS
from home.models import (
    ActionPage,
    EventIndexPage,
    EventPage,
    GroupIndexPage,
    GroupPage,
    HomePage,
    Invitation,
    NoticeIndexPage,
    NoticePage,
    PlanPage,
    Venue,
    VisionPage,
)

from .conftest import SCREENSHOTS_DIR
from .english_check import assert_japanese

pytestmark = [
    pytest.mark.browser,
    # The screens share the sample content demo_server loads once, and the signed-in contexts;
    # under xdist (--dist loadgroup) they run together, in order, on one worker.
    pytest.mark.django_db,
    pytest.mark.xdist_group("admin-in-japanese"),
]

PASSWORD = "kamagaya-walk-password"
SCREENSHOTS = SCREENSHOTS_DIR / "admin-in-japanese"


@dataclass(frozen=True)
class Role:
    slug: str
    group: str | None = None
    superuser: bool = False
    signed_in: bool = True


EDITOR = Role("editor", group=EDITORS)
APPROVER = Role("approver", group=APPROVERS)
# A citizen group's member (issue 17): their group's own auth group is added in create_walk_users.
MEMBER = Role("member", group=MEMBERS)
# Only for the user and group admin, which neither editor role may open.
ADMINISTRATOR = Role("administrator", superuser=True)
VISITOR = Role("visitor", signed_in=False)
SIGNED_IN = (EDITOR, APPROVER, MEMBER, ADMINISTRATOR)
# People's names are data, not the admin's words; they are Japanese anyway, usernames are not.
FIRST_NAMES = {EDITOR: "花子", APPROVER: "一郎", MEMBER: "団子", ADMINISTRATOR: "管理"}


def username(role):
    return f"walk-{role.slug}"


class AdminWalk:
    """The live server, the pages the screens open (as ids for paths), and one signed-in
    browser page per role."""

    def __init__(self, server, browser, ids, data_names):
        self.base_url = server.url
        self.browser = browser
        self.ids = ids
        self.data_names = data_names
        self.pages = {}

    def page_as(self, role):
        if role not in self.pages:
            context = self.browser.new_context(
                viewport={"width": 1280, "height": 900}, locale="ja-JP", timezone_id="Asia/Tokyo"
            )
            page = context.new_page()
            # A missing button fails the screen in seconds, not after Playwright's 30 s.
            page.set_default_timeout(10_000)
            # Leaving a form with unsaved input asks first; the walk always goes on.
            page.on("dialog", lambda dialog: dialog.accept())
            if role.signed_in:
                sign_in(page, self.base_url, username(role))
            self.pages[role] = page
        return self.pages[role]

    def url(self, path):
        return self.base_url + path.format(**self.ids)

    def close(self):
        for page in self.pages.values():
            page.context.close()


def sign_in(page, base_url, name):
    page.goto(f"{base_url}/admin/login/")
    page.locator("input[name=username]").fill(name)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(f"{base_url}/admin/")


def create_walk_users():
    for role in SIGNED_IN:
        user = User.objects.create_user(
            username(role),
            email=f"{role.slug}@example.jp",
            password=PASSWORD,
            first_name=FIRST_NAMES[role],
            last_name="鎌ケ谷",
            is_superuser=role.superuser,
        )
        if role.group:
            user.groups.add(Group.objects.get(name=role.group))
        if role is MEMBER:
            user.groups.add(account_for(GroupPage.objects.order_by("pk").first()).auth_group)


def awaiting_approval(page_model, editor):
    """A page of the sample content, submitted to the approval workflow by the editor."""
    submitted = page_model.objects.live().order_by("pk").last()
    submitted.save_revision(user=editor)
    submitted.get_workflow().start(submitted, editor)
    return submitted


def screen_ids():
    """The pages, snippets, users and groups the screens open, by the names their paths use."""
    editor = User.objects.get(username=username(EDITOR))
    ids = {
        "root": HomePage.objects.get().get_parent().pk,
        "awaiting_approval": awaiting_approval(GroupPage, editor).pk,
        "venue": Venue.objects.order_by("pk").first().pk,
        "editor_user": editor.pk,
        "editors_group": Group.objects.get(name=EDITORS).pk,
    }
    for model in (
        HomePage,
        PlanPage,
        VisionPage,
        ActionPage,
        GroupIndexPage,
        GroupPage,
        EventIndexPage,
        EventPage,
        NoticeIndexPage,
        NoticePage,
    ):
        ids[model._meta.model_name] = model.objects.order_by("pk").first().pk
    # Two events for the bulk actions, and one the editor submits (not the one edited above).
    ids["event_to_submit"] = EventPage.objects.order_by("pk")[1].pk
    # A link a person was invited with, still to be used.
    invitee = User.objects.create_user("invitee@example.jp", email="invitee@example.jp")
    group = GroupPage.objects.order_by("pk")[1]
    ids["invitation_token"] = Invitation.issue(account_for(group), invitee)[1]
    return ids


def data_names():
    """Names people gave things (titles, venues, images, usernames): allowed in any script."""
    return [
        *Page.objects.values_list("title", flat=True),
        *Venue.objects.values_list("name", flat=True),
        *get_image_model().objects.values_list("title", flat=True),
        *Document.objects.values_list("title", flat=True),
        *User.objects.values_list("username", flat=True),
    ]


@pytest.fixture(scope="module")
def admin_walk(demo_server, chromium_browser, django_db_blocker):
    with django_db_blocker.unblock():
        create_walk_users()
        ids = screen_ids()
        names = data_names()
    walk = AdminWalk(demo_server, chromium_browser, ids, names)
    yield walk
    walk.close()


# What a screen does before it is checked: open a path, then perhaps click something.


def visit(path):
    """Opens `path` ({name} filled from AdminWalk.ids) and checks the admin did not send the
    person elsewhere (a refusal redirects to the dashboard with a message)."""

    def go(page, walk):
        url = walk.url(path)
        page.goto(url)
        expect(page).to_have_url(url)

    return go


def steps(*actions):
    def go(page, walk):
        for action in actions:
            action(page, walk)

    return go


def click(selector):
    def go(page, walk):
        page.locator(selector).first.click()

    return go


def show(selector):
    """Waits until `selector` is on screen (a panel, a dialog that the click opened)."""

    def go(page, walk):
        expect(page.locator(selector).first).to_be_visible()

    return go


def open_side_panel(name):
    """Opens a side panel of the page form, unless it is open already (status opens itself)."""

    def go(page, walk):
        panel = page.locator(f'[data-side-panel="{name}"]')
        if not panel.is_visible():
            page.locator(f'[data-side-panel-toggle="{name}"]').click()
        expect(panel).to_be_visible()

    return go


def open_chooser(field):
    """The chooser modal of a page form field, once its listing has loaded."""
    return steps(
        click(f'[data-contentpath="{field}"] [data-chooser-action-choose]'),
        show(".modal.fade.in .modal-body"),
        show(
            ".modal.fade.in [data-w-tabs-target='tabList'], .modal.fade.in table, .modal.fade.in .listing"
        ),
    )


def open_document_link_chooser(page, walk):
    """The document chooser behind the rich-text toolbar's document link."""
    page.locator('[data-contentpath="body"] [role="textbox"]').click()
    page.keyboard.type("お知らせの本文")
    page.keyboard.press("Shift+Home")
    page.locator('button[name="DOCUMENT"]').click()
    expect(page.locator(".modal.fade.in .modal-body")).to_be_visible()


def select_two_events(page, walk):
    checkboxes = page.locator("input[data-bulk-action-checkbox]")
    checkboxes.nth(0).check()
    checkboxes.nth(1).check()
    expect(page.locator("[data-bulk-action-footer]")).to_be_visible()


def workflow_dialog(action):
    """The dialog of a workflow action ("approve" with a comment, "reject") on the dashboard's
    first page to review; the dialog is only opened, so the page stays waiting."""

    def go(page, walk):
        button = f'[data-workflow-action-url*="/{action}/"][data-launch-modal]'
        row = page.locator("tr").filter(has=page.locator(button)).first
        row.locator("[data-w-dropdown-target='toggle']").click()
        row.locator(button).click()
        expect(page.locator(".modal.fade.in .modal-body")).to_be_visible()

    return go


def add_page(model, parent):
    return visit(f"/admin/pages/add/home/{model}/{{{parent}}}/")


def edit_page(name):
    return visit(f"/admin/pages/{{{name}}}/edit/")


EVENT_FORM = edit_page("eventpage")
NEW_EVENT = add_page("eventpage", "eventindexpage")
NEW_GROUP = add_page("grouppage", "groupindexpage")
NEW_NOTICE = add_page("noticepage", "noticeindexpage")


# Two events ticked in the event list, then the bulk action bar's 公開 (refused for an editor).
BULK_PUBLISH = steps(
    visit("/admin/pages/{eventindexpage}/"),
    select_two_events,
    click('[data-bulk-action-footer] a[href*="/publish/"]'),
)


@dataclass(frozen=True)
class Screen:
    name: str
    role: Role
    go: Callable


SCREENS = [
    Screen("sign-in", VISITOR, visit("/admin/login/")),
    Screen("password-reset", VISITOR, visit("/admin/password_reset/")),
    Screen("password-reset-sent", VISITOR, visit("/admin/password_reset/done/")),
    Screen("password-reset-bad-link", VISITOR, visit("/admin/password_reset/confirm/MQ/bad/")),
    Screen("dashboard", EDITOR, visit("/admin/")),
    Screen("explorer-home", EDITOR, visit("/admin/pages/{homepage}/")),
    Screen("explorer-events", EDITOR, visit("/admin/pages/{eventindexpage}/")),
    Screen("explorer-plan", EDITOR, visit("/admin/pages/{planpage}/")),
    Screen("page-search", EDITOR, visit("/admin/pages/search/?q=%E3%81%BE%E3%81%A4%E3%82%8A")),
    Screen("new-event", EDITOR, NEW_EVENT),
    Screen("new-group", EDITOR, NEW_GROUP),
    Screen("new-notice", EDITOR, NEW_NOTICE),
    Screen("new-vision", EDITOR, add_page("visionpage", "planpage")),
    Screen("new-action", EDITOR, add_page("actionpage", "visionpage")),
    Screen("edit-home", EDITOR, edit_page("homepage")),
    Screen("edit-plan", EDITOR, edit_page("planpage")),
    Screen("edit-vision", EDITOR, edit_page("visionpage")),
    Screen("edit-action", EDITOR, edit_page("actionpage")),
    Screen("edit-group-index", EDITOR, edit_page("groupindexpage")),
    Screen("edit-group", EDITOR, edit_page("grouppage")),
    Screen("edit-event-index", EDITOR, edit_page("eventindexpage")),
    Screen("edit-event", EDITOR, EVENT_FORM),
    Screen("edit-notice-index", EDITOR, edit_page("noticeindexpage")),
    Screen("edit-notice", EDITOR, edit_page("noticepage")),
    Screen("promote-tab", EDITOR, steps(EVENT_FORM, click("[role=tab] >> nth=1"))),
    Screen(
        "status-panel",
        EDITOR,
        steps(EVENT_FORM, open_side_panel("status")),
    ),
    Screen(
        "schedule-dialog",
        EDITOR,
        steps(
            EVENT_FORM,
            open_side_panel("status"),
            click('[data-a11y-dialog-show="schedule-publishing-dialog"]'),
            show("#schedule-publishing-dialog"),
        ),
    ),
    Screen(
        "preview-panel",
        EDITOR,
        steps(EVENT_FORM, open_side_panel("preview"), show('[data-side-panel="preview"] iframe')),
    ),
    Screen(
        "checks-panel",
        EDITOR,
        steps(EVENT_FORM, open_side_panel("checks")),
    ),
    Screen("image-chooser", EDITOR, steps(NEW_GROUP, open_chooser("logo"))),
    Screen(
        "image-chooser-upload",
        EDITOR,
        steps(NEW_GROUP, open_chooser("logo"), click('.modal.fade.in a[href="#tab-upload"]')),
    ),
    Screen("document-chooser", EDITOR, steps(NEW_NOTICE, open_document_link_chooser)),
    Screen("venue-chooser", EDITOR, steps(NEW_EVENT, open_chooser("venue"))),
    Screen(
        "validation-errors",
        EDITOR,
        steps(
            NEW_EVENT,
            click('button[name="action-draft"], button.action-save'),
            show(".messages .error"),
        ),
    ),
    Screen(
        "submitted-for-approval",
        EDITOR,
        steps(
            edit_page("event_to_submit"),
            click("footer [data-w-dropdown-target='toggle']"),
            click('button[name="action-submit"]'),
            show(".messages .success"),
        ),
    ),
    Screen(
        "bulk-select",
        EDITOR,
        steps(visit("/admin/pages/{eventindexpage}/"), select_two_events),
    ),
    Screen(
        "bulk-publish-refused",
        EDITOR,
        BULK_PUBLISH,
    ),
    Screen("page-history", EDITOR, visit("/admin/pages/{eventpage}/history/")),
    Screen("images", EDITOR, visit("/admin/images/")),
    Screen("image-upload", EDITOR, visit("/admin/images/multiple/add/")),
    Screen("documents", EDITOR, visit("/admin/documents/")),
    Screen("document-upload", EDITOR, visit("/admin/documents/multiple/add/")),
    Screen("venues", EDITOR, visit("/admin/snippets/home/venue/")),
    Screen("venue-edit", EDITOR, visit("/admin/snippets/home/venue/edit/{venue}/")),
    Screen("account", EDITOR, visit("/admin/account/")),
    Screen("two-factor", EDITOR, visit("/admin/two-factor/")),
    Screen("two-factor-setup", EDITOR, visit("/admin/two-factor/setup/")),
    Screen("dashboard", MEMBER, visit("/admin/")),
    Screen("explorer-events", MEMBER, visit("/admin/pages/{eventindexpage}/")),
    Screen("new-event", MEMBER, NEW_EVENT),
    Screen("edit-group", MEMBER, edit_page("grouppage")),
    Screen("invitation", VISITOR, visit("/admin/invitation/{invitation_token}/")),
    Screen("invitation-bad-link", VISITOR, visit("/admin/invitation/not-a-token/")),
    Screen("dashboard", APPROVER, visit("/admin/")),
    Screen("approve-dialog", APPROVER, steps(visit("/admin/"), workflow_dialog("approve"))),
    Screen("reject-dialog", APPROVER, steps(visit("/admin/"), workflow_dialog("reject"))),
    Screen("review-page", APPROVER, edit_page("awaiting_approval")),
    Screen(
        "schedule-dialog",
        APPROVER,
        steps(
            EVENT_FORM,
            open_side_panel("status"),
            click('[data-a11y-dialog-show="schedule-publishing-dialog"]'),
            show("#schedule-publishing-dialog"),
        ),
    ),
    Screen(
        "bulk-publish-confirm",
        APPROVER,
        BULK_PUBLISH,
    ),
    Screen("aging-pages", APPROVER, visit("/admin/reports/aging-pages/")),
    Screen("page-types-usage", APPROVER, visit("/admin/reports/page-types-usage/")),
    Screen("locked-pages", APPROVER, visit("/admin/reports/locked/")),
    Screen("workflow-report", APPROVER, visit("/admin/reports/workflow/")),
    Screen("site-history", APPROVER, visit("/admin/reports/site-history/")),
    Screen("group-members", APPROVER, visit("/admin/group-members/{grouppage}/")),
    Screen("users", ADMINISTRATOR, visit("/admin/users/")),
    Screen("user-add", ADMINISTRATOR, visit("/admin/users/add/")),
    Screen("user-edit", ADMINISTRATOR, visit("/admin/users/{editor_user}/")),
    Screen("groups", ADMINISTRATOR, visit("/admin/groups/")),
    Screen("group-edit", ADMINISTRATOR, visit("/admin/groups/edit/{editors_group}/")),
]


@pytest.mark.parametrize(
    "screen", [pytest.param(screen, id=f"{screen.role.slug}-{screen.name}") for screen in SCREENS]
)
def test_screen_shows_no_english(admin_walk, screen):
    page = admin_walk.page_as(screen.role)
    screen.go(page, admin_walk)
    page.wait_for_load_state("networkidle")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{screen.role.slug}-{screen.name}.png", full_page=True)
    assert_japanese(page, f"{screen.role.slug}/{screen.name}", allowed=admin_walk.data_names)


MARK = re.compile(r"/favicon(\.\w+)?\.svg$")


def test_sign_in_screen_names_the_portal_and_shows_its_mark(admin_walk):
    page = admin_walk.page_as(VISITOR)
    page.goto(admin_walk.url("/admin/login/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("かまがや協働ポータルにログイン")
    expect(page).to_have_title("ログイン - かまがや協働ポータル")
    expect(page.locator("link[rel=icon]")).to_have_attribute("href", MARK)
    branding = page.locator(".login-logo")
    expect(branding).to_have_text("かまがや協働ポータル")
    expect(branding.locator("img")).to_have_attribute("src", MARK)


def test_sidebar_shows_the_portal_mark_and_name(admin_walk):
    page = admin_walk.page_as(EDITOR)
    page.goto(admin_walk.url("/admin/"))
    branding = page.locator("#wagtail-sidebar .sidebar-custom-branding")
    expect(branding).to_have_accessible_name("ダッシュボード")
    expect(branding).to_have_text("かまがや協働ポータル")
    expect(branding.locator("img")).to_have_attribute("src", MARK)
