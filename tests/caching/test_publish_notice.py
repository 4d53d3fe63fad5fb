"""After a publish or unpublish in the admin, the editor is told when each channel shows the
change (caching/publish_notice.py), with the delays computed from this deployment's settings.

As in tests/home/editing/test_workflow.py, the roles are the ones `load_plan` makes (ensure_editor_roles, which
load_plan calls, without loading the whole plan); the 承認者 approves from the dashboard, the
path the editors' guide and the browser test take, which runs no Wagtail hook.
"""

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.messages import get_messages
from django.urls import reverse

from home.loading.editors import APPROVERS, EDITORS, ensure_editor_roles
from home.loading.site import section
from home.models import NoticeIndexPage, NoticePage
from tests.factories import NoticePageFactory

PUBLISHED = (
    "公開した内容が表示されるまでの目安：ウェブサイトはすぐ（開いているページは再読み込みで）、"
    "API・フィードは30秒以内（利用先のキャッシュによっては最長1分30秒）、"
    "サイネージは1分以内（次の更新で）。カレンダーアプリへの反映は、各アプリの更新間隔によります。"
)
UNPUBLISHED = (
    "公開を停止した内容が表示されなくなるまでの目安：ウェブサイトはすぐ（開いているページは再読み込みで）、"
    "API・フィードは30秒以内（利用先のキャッシュによっては最長1分30秒）、"
    "サイネージは1分以内（次の更新で）。"
)


@pytest.fixture
def roles(home_page):
    ensure_editor_roles(home_page)


def member_of(group_name, username):
    user = User.objects.create_user(username, password="kamagaya-test-password")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def approver(roles):
    return member_of(APPROVERS, "shonin")


@pytest.fixture
def editor(roles):
    return member_of(EDITORS, "henshu")


def notice_form(action):
    return {
        "title": "年末年始の窓口のお知らせ",
        "slug": "nenmatsu",
        "priority": "normal",
        "body": '{"blocks": [{"key": "a", "type": "unstyled", "depth": 0, "text": "12月29日から休みます。", "inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}',
        action: "1",
    }


@pytest.fixture
def submitted_notice(client, editor):
    """A notice the 編集者 has written and submitted through the admin, awaiting approval."""
    client.force_login(editor)
    add_url = reverse(
        "wagtailadmin_pages:add", args=["home", "noticepage", section(NoticeIndexPage).pk]
    )
    assert client.post(add_url, notice_form("action-submit")).status_code == 302
    client.logout()
    return NoticePage.objects.get(slug="nenmatsu")


def channel_messages(response):
    messages = [str(message).strip() for message in get_messages(response.wsgi_request)]
    return [message for message in messages if "目安" in message]


def approve(client, page):
    task_state = page.current_workflow_task_state
    return client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]),
        {"comment": ""},
    )


def test_approving_from_the_dashboard_says_when_each_channel_shows_the_page(
    client, approver, submitted_notice
):
    client.force_login(approver)

    response = approve(client, submitted_notice)

    submitted_notice.refresh_from_db()
    assert (response.status_code, submitted_notice.live) == (302, True)
    assert channel_messages(response) == [PUBLISHED]


def test_the_message_shows_on_the_next_admin_page(client, approver, submitted_notice):
    client.force_login(approver)
    approve(client, submitted_notice)

    dashboard = client.get(reverse("wagtailadmin_home"))

    assert PUBLISHED in dashboard.content.decode()


def test_publishing_from_the_edit_page_says_it_once(client, approver, home_page):
    client.force_login(approver)
    add_url = reverse(
        "wagtailadmin_pages:add", args=["home", "noticepage", section(NoticeIndexPage).pk]
    )

    response = client.post(add_url, notice_form("action-publish"))

    assert NoticePage.objects.get(slug="nenmatsu").live
    assert channel_messages(response) == [PUBLISHED]


def test_unpublishing_says_when_each_channel_stops_showing_the_page(client, approver, home_page):
    notice = NoticePageFactory(parent=section(NoticeIndexPage))
    client.force_login(approver)

    response = client.post(reverse("wagtailadmin_pages:unpublish", args=[notice.pk]))

    notice.refresh_from_db()
    assert (response.status_code, notice.live) == (302, False)
    assert channel_messages(response) == [UNPUBLISHED]


def test_the_delays_come_from_the_settings(client, approver, submitted_notice, settings):
    settings.PUBLIC_CACHE_MAX_AGE = 120
    settings.PUBLIC_CACHE_STALE_WHILE_REVALIDATE = 0
    client.force_login(approver)

    response = approve(client, submitted_notice)

    assert channel_messages(response) == [
        "公開した内容が表示されるまでの目安：ウェブサイトはすぐ（開いているページは再読み込みで）、"
        "API・フィードは2分以内、サイネージは1分以内（次の更新で）。"
        "カレンダーアプリへの反映は、各アプリの更新間隔によります。"
    ]


def test_submitting_for_approval_publishes_nothing_and_says_nothing_of_channels(
    client, editor, home_page
):
    client.force_login(editor)
    add_url = reverse(
        "wagtailadmin_pages:add", args=["home", "noticepage", section(NoticeIndexPage).pk]
    )

    response = client.post(add_url, notice_form("action-submit"))

    assert channel_messages(response) == []


def test_publishing_outside_a_request_says_nothing_and_still_publishes(home_page):
    notice = NoticePageFactory(parent=section(NoticeIndexPage), live=False)

    notice.save_revision().publish()

    notice.refresh_from_db()
    assert notice.live
