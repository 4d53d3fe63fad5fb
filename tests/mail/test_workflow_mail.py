"""Wagtail's workflow e-mails in Japanese, delivered through a real SMTP server on loopback: to the
承認者 when a page is submitted, to the submitter when it is approved or sent back, with the
reviewer's comment, From and Reply-To from settings, and links on the public address."""

import logging

import pytest
from aiosmtpd.smtp import AuthResult
from django.contrib.auth.models import User
from django.test import override_settings
from django.urls import reverse

from home.loading.editors import APPROVERS, EDITORS
from home.loading.site import section
from home.models import NoticeIndexPage, NoticePage
from tests.smtp_server import LoopbackSmtpServer
from tests.users import logged_in, member_of

FROM = "かまがや協働ポータル <noreply@kyodo.example.jp>"
REPLY_TO = "鎌ケ谷市 市民活動推進課 <shimin@city.kamagaya.example>"
TITLE = "年末年始の窓口（Q&A）"
EDITOR_ADDRESS = "hanako@kunugi.example.jp"
APPROVER_ADDRESS = "ichiro@city.kamagaya.example"
FOOTER = (
    "――――――――――――\n"
    "かまがや協働ポータル\n"
    "このメールを受け取るかどうかは、管理画面のアカウント設定の「通知」で変えられます：\n"
    "http://localhost/admin/account/#tab-notifications"
)


@pytest.fixture(autouse=True)
def senders(settings):
    settings.DEFAULT_FROM_EMAIL = FROM
    settings.PORTAL_REPLY_TO_EMAIL = REPLY_TO


def person(group_name, username, family_name, given_name, address):
    user = member_of(group_name, username)
    user.last_name, user.first_name, user.email = family_name, given_name, address
    user.save()
    return user


@pytest.fixture
def people(roles):
    """A 編集者 and a 承認者 with names and addresses, and a superuser who approves nothing."""
    User.objects.create_superuser("kanri", "kanri@city.kamagaya.example", "kanri-password")
    return (
        person(EDITORS, "hanako", "山田", "花子", EDITOR_ADDRESS),
        person(APPROVERS, "ichiro", "鎌ケ谷", "一郎", APPROVER_ADDRESS),
    )


def notice_form(action):
    return {
        "title": TITLE,
        "slug": "nenmatsu",
        "priority": "normal",
        "body": '{"blocks": [{"key": "a", "type": "unstyled", "depth": 0, "text": "12月29日から休みます。", "inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}',
        action: "1",
    }


def submit_notice(editor):
    """The 編集者 writes a notice and submits it for approval in the admin."""
    add_url = reverse(
        "wagtailadmin_pages:add", args=["home", "noticepage", section(NoticeIndexPage).pk]
    )
    assert logged_in(editor).post(add_url, notice_form("action-submit")).status_code == 302
    return NoticePage.objects.get(slug="nenmatsu")


def review(approver, page, action, comment):
    """The 承認者 approves or sends back (action "reject") the page's task, with a comment."""
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])
    assert logged_in(approver).post(url, {"comment": comment}).status_code == 302


def headers(message):
    return {name: message[name] for name in ("From", "To", "Reply-To", "Auto-Submitted")}


@pytest.mark.django_db
def test_a_submission_is_mailed_to_the_approvers_only(people, smtp_server):
    editor, _ = people

    submit_notice(editor)

    assert [delivery.rcpt_tos for delivery in smtp_server.deliveries] == [[APPROVER_ADDRESS]]


@pytest.mark.django_db
def test_the_approvers_mail_says_who_submitted_what_with_links_on_the_public_address(
    people, smtp_server
):
    editor, _ = people

    page = submit_notice(editor)

    (delivery,) = smtp_server.deliveries
    task = page.current_workflow_task
    assert delivery.subject == "【かまがや協働ポータル】承認依頼：年末年始の窓口（Q&A）"
    assert headers(delivery.message) == {
        "From": FROM,
        "To": APPROVER_ADDRESS,
        "Reply-To": REPLY_TO,
        "Auto-Submitted": "auto-generated",
    }
    assert delivery.message.get_content_type() == "text/plain"
    assert delivery.body.rstrip("\n") == (
        "鎌ケ谷 様\n"
        "\n"
        "山田 花子さんから、ページの承認依頼が届きました。\n"
        "内容を確認し、「承認」するか「変更をリクエスト」で差し戻してください。\n"
        "\n"
        "ページ：年末年始の窓口（Q&A）（お知らせ）\n"
        "依頼した人：山田 花子\n"
        "\n"
        f"プレビュー：http://localhost/admin/pages/workflow/preview/{page.pk}/{task.pk}/\n"
        f"編集画面：http://localhost/admin/pages/{page.pk}/edit/\n"
        "\n" + FOOTER
    )


@pytest.mark.django_db
def test_sending_back_mails_the_submitter_the_reviewers_reason(people, smtp_server):
    editor, approver = people
    page = submit_notice(editor)
    smtp_server.deliveries.clear()

    review(approver, page, "reject", "休みの期間を書いてください。\n12月29日〜1月3日です。")

    (delivery,) = smtp_server.deliveries
    assert delivery.subject == "【かまがや協働ポータル】差し戻されました：年末年始の窓口（Q&A）"
    assert headers(delivery.message) == {
        "From": FROM,
        "To": EDITOR_ADDRESS,
        "Reply-To": REPLY_TO,
        "Auto-Submitted": "auto-generated",
    }
    assert delivery.body.rstrip("\n") == (
        "山田 様\n"
        "\n"
        "承認を依頼したページが、鎌ケ谷 一郎さんにより差し戻されました。\n"
        "差し戻しの理由を確認して内容を直し、もう一度承認に提出してください。\n"
        "\n"
        "ページ：年末年始の窓口（Q&A）（お知らせ）\n"
        "差し戻した人：鎌ケ谷 一郎\n"
        "差し戻しの理由：\n"
        "休みの期間を書いてください。\n"
        "12月29日〜1月3日です。\n"
        "\n"
        f"編集画面：http://localhost/admin/pages/{page.pk}/edit/\n"
        "\n" + FOOTER
    )


@pytest.mark.django_db
def test_approval_mails_the_submitter_with_the_reviewers_comment(people, smtp_server):
    editor, approver = people
    page = submit_notice(editor)
    smtp_server.deliveries.clear()

    review(approver, page, "approve", "確認しました。公開します。")

    (delivery,) = smtp_server.deliveries
    assert delivery.subject == "【かまがや協働ポータル】承認されました：年末年始の窓口（Q&A）"
    assert headers(delivery.message) == {
        "From": FROM,
        "To": EDITOR_ADDRESS,
        "Reply-To": REPLY_TO,
        "Auto-Submitted": "auto-generated",
    }
    assert delivery.body.rstrip("\n") == (
        "山田 様\n"
        "\n"
        "承認を依頼したページが、鎌ケ谷 一郎さんにより承認されました。\n"
        "\n"
        "ページ：年末年始の窓口（Q&A）（お知らせ）\n"
        "承認した人：鎌ケ谷 一郎\n"
        "コメント：\n"
        "確認しました。公開します。\n"
        "\n"
        f"公開ページ：{page.full_url}\n"
        f"編集画面：http://localhost/admin/pages/{page.pk}/edit/\n"
        "\n" + FOOTER
    )


@pytest.mark.django_db
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_a_mail_server_that_refuses_the_login_does_not_undo_the_approval(people, caplog):
    editor, approver = people
    page = submit_notice(editor)
    refusing = LoopbackSmtpServer(
        auth_required=True,
        auth_require_tls=False,
        authenticator=lambda *args: AuthResult(success=False, handled=False),
    )

    with (
        refusing,
        override_settings(
            **refusing.django_settings(EMAIL_HOST_USER="portal", EMAIL_HOST_PASSWORD="wrong")
        ),
        caplog.at_level(logging.ERROR, logger="mail.notifications"),
    ):
        review(approver, page, "approve", "")

    page.refresh_from_db()
    assert (page.live, refusing.deliveries) == (True, [])
    assert [r.getMessage() for r in caplog.records if r.name == "mail.notifications"] == [
        "Workflow notification not sent: the mail server failed"
    ]
