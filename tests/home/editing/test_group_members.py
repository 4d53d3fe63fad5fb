"""団体アカウント: a group's members edit their own group's profile and events, never publish,
and never see other groups' pages; invitations are one-time links; removal takes effect at once."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bench.server import free_port
from home.editing.members import accept, account_for, invite, remove_member
from home.models import EventIndexPage, GroupIndexPage, GroupPage, Invitation
from home.models.accounts import member_group_pages
from tests.factories import GroupPageFactory, event_with_sessions
from tests.users import logged_in

pytestmark = pytest.mark.django_db

SOON = dt.datetime(2026, 12, 20, 10, tzinfo=dt.UTC)
PASSWORD = "kamagaya-member-2026"


@pytest.fixture
def groups(roles):
    parent = GroupIndexPage.objects.get()
    return {
        name: GroupPageFactory(parent=parent, title=name, slug=slug)
        for name, slug in (("みどりの会", "midori"), ("あおぞら子ども会", "aozora"))
    }


def published_event(title, *organisers):
    event = event_with_sessions(
        EventIndexPage.objects.get(), (SOON, SOON + dt.timedelta(hours=2)), title=title
    )
    event.organisers.set(organisers)
    event.save_revision().publish()
    return event


def joined(page, email):
    """Someone invited to `page`'s group who has accepted, as the invitation link does."""
    invitation, _ = invite(page, email, "山田")
    return accept(invitation, PASSWORD)


@pytest.fixture
def site(groups, editor, approver):
    midori, aozora = groups["みどりの会"], groups["あおぞら子ども会"]
    return {
        "midori": midori,
        "aozora": aozora,
        "midori_event": published_event("みどりの清掃活動", midori),
        "shared_event": published_event("合同のお祭り", midori, aozora),
        "aozora_event": published_event("子ども会のクリスマス会", aozora),
        "member": joined(midori, "yamada@example.jp"),
        "other_member": joined(aozora, "sato@example.jp"),
        "editor": editor,
        "approver": approver,
    }


def abilities(user, page):
    tester = page.specific.permissions_for_user(user)
    return (tester.can_edit(), tester.can_publish())


def test_who_may_edit_and_publish_what(site):
    pages = ("midori", "midori_event", "shared_event", "aozora", "aozora_event")
    people = ("member", "other_member", "editor", "approver")

    assert {
        person: {name: abilities(site[person], site[name]) for name in pages} for person in people
    } == {
        "member": {
            "midori": (True, False),
            "midori_event": (True, False),
            "shared_event": (True, False),
            "aozora": (False, False),
            "aozora_event": (False, False),
        },
        "other_member": {
            "midori": (False, False),
            "midori_event": (False, False),
            "shared_event": (True, False),
            "aozora": (True, False),
            "aozora_event": (True, False),
        },
        "editor": dict.fromkeys(pages, (True, False)),
        "approver": dict.fromkeys(pages, (True, True)),
    }


def test_a_member_may_add_events_but_no_other_page(site):
    member = site["member"]
    home = site["midori"].get_parent().get_parent()

    assert {
        page.slug: page.specific.permissions_for_user(member).can_add_subpage()
        for page in [EventIndexPage.objects.get(), GroupIndexPage.objects.get(), home]
    } == {"events": True, "groups": False, "home": False}


@pytest.mark.parametrize(
    "screen",
    ["explorer", "page search", "site history", "aging pages", "workflows", "workflow tasks"],
)
def test_a_member_sees_only_their_own_pages_on_every_admin_screen(site, screen):
    index = EventIndexPage.objects.get()
    # Another group's draft: its title must not reach a member of みどりの会.
    draft = published_event("あおぞらの下書き", site["aozora"])
    draft.title = "未公開の新しい題名"
    draft.save_revision()
    url = {
        "explorer": reverse("wagtailadmin_explore", args=[index.pk]),
        "page search": reverse("wagtailadmin_pages:search") + "?q=の",
        "site history": reverse("wagtailadmin_reports:site_history"),
        "aging pages": reverse("wagtailadmin_reports:aging_pages"),
        "workflows": reverse("wagtailadmin_reports:workflow"),
        "workflow tasks": reverse("wagtailadmin_reports:workflow_tasks"),
    }[screen]
    submit(draft, site["other_member"])

    page = logged_in(site["member"]).get(url)
    body = page.content.decode()

    assert {
        "status": page.status_code,
        "own event": "みどりの清掃活動" in body
        or screen in ("aging pages", "workflows", "workflow tasks"),
        "other group's event": "子ども会のクリスマス会" in body,
        "other group's draft title": "未公開の新しい題名" in body,
        "other group's page": "あおぞらの下書き" in body,
    } == {
        "status": 200,
        "own event": True,
        "other group's event": False,
        "other group's draft title": False,
        "other group's page": False,
    }


def test_the_admin_refuses_a_member_another_groups_page_and_the_staff_screens(site):
    client = logged_in(site["member"])
    urls = {
        "own group": reverse("wagtailadmin_pages:edit", args=[site["midori"].pk]),
        "other group": reverse("wagtailadmin_pages:edit", args=[site["aozora"].pk]),
        "other event": reverse("wagtailadmin_pages:edit", args=[site["aozora_event"].pk]),
        "users": reverse("wagtailusers_users:index"),
        "signage screens": "/admin/snippets/signage/signagescreen/",
        "partner keys": "/admin/snippets/partners/partner/",
        "contact settings": "/admin/settings/home/contactsettings/",
    }
    statuses = {name: client.get(url).status_code for name, url in urls.items()}

    assert statuses == {
        "own group": 200,
        "other group": 302,
        "other event": 302,
        "users": 302,
        "signage screens": 302,
        "partner keys": 302,
        "contact settings": 302,
    }


def test_publishing_new_organisers_moves_the_edit_right(site):
    event = site["aozora_event"]
    event.organisers.set([site["midori"]])
    event.save_revision().publish()

    assert (abilities(site["member"], event), abilities(site["other_member"], event)) == (
        (True, False),
        (False, False),
    )


def test_a_member_must_name_their_own_group_among_an_events_organisers(site):
    from home.models import EventPage
    from home.models.admin_forms import EventPageForm

    form_class = EventPage.get_edit_handler().get_form_class()
    assert issubclass(form_class, EventPageForm)
    form = form_class(
        {"organisers": [site["aozora"].pk]}, instance=EventPage(), for_user=site["member"]
    )
    form.is_valid()

    assert form.errors["organisers"] == ["主催団体に、あなたの団体（みどりの会）を含めてください。"]


def test_an_invitation_is_a_one_time_link_that_sets_the_password(groups):
    page = groups["みどりの会"]
    _, link = invite(page, "Tanaka@Example.jp", "田中")
    token = link.rstrip("/").rsplit("/", 1)[1]
    client = Client()

    form = client.get(f"/admin/invitation/{token}/")
    done = client.post(
        f"/admin/invitation/{token}/", {"new_password1": PASSWORD, "new_password2": PASSWORD}
    )
    again = Client().get(f"/admin/invitation/{token}/")
    user = User.objects.get(email="Tanaka@example.jp")

    assert (
        form.status_code,
        done.status_code,
        done["Location"],
        again.status_code,
        user.check_password(PASSWORD),
        member_group_pages(user),
        client.get(reverse("wagtailadmin_home")).status_code,
    ) == (200, 302, reverse("wagtailadmin_home"), 404, True, {page.pk: "みどりの会"}, 200)


def test_an_expired_invitation_says_so_in_japanese(groups):
    invitation, link = invite(groups["みどりの会"], "late@example.jp")
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    token = link.rstrip("/").rsplit("/", 1)[1]

    page = Client().get(f"/admin/invitation/{token}/")

    assert (page.status_code, "この招待リンクは使えません" in page.content.decode()) == (404, True)


def test_the_invitation_email_is_japanese_and_links_to_the_public_address(groups, approver):
    invite(groups["みどりの会"], "suzuki@example.jp", "鈴木", invited_by=approver)

    (message,) = mail.outbox
    link = re.search(r"http://localhost/admin/invitation/[\w-]+/", message.body)
    assert (message.subject, message.to, bool(link), message.body.splitlines()[0]) == (
        "【かまがや協働ポータル】「みどりの会」の編集メンバーに招待されました",
        ["suzuki@example.jp"],
        True,
        "鈴木 様",
    )


def test_removing_a_member_ends_their_sessions_at_once(site):
    member = site["member"]
    client = Client()
    client.login(username=member.username, password=PASSWORD)
    before = client.get(reverse("wagtailadmin_home")).status_code

    remove_member(site["midori"].account, member)
    member.refresh_from_db()

    assert (
        before,
        client.get(reverse("wagtailadmin_home")).status_code,
        member.is_active,
        abilities(member, site["midori"]),
    ) == (200, 302, False, (False, False))


def test_a_member_of_two_groups_stays_in_the_other(site):
    member = site["member"]
    accept(invite(site["aozora"], member.email)[0], PASSWORD)

    remove_member(site["midori"].account, member)
    member.refresh_from_db()

    assert (member.is_active, member_group_pages(member)) == (
        True,
        {site["aozora"].pk: "あおぞら子ども会"},
    )


def test_the_command_invites_and_prints_the_link_without_a_mail_server(groups, capsys):
    call_command("invite_group_member", group="midori", email="kato@example.jp", name="加藤")

    lines = capsys.readouterr().out.splitlines()
    assert (
        lines[:2],
        lines[2].startswith("http://localhost/admin/invitation/"),
        len(mail.outbox),
    ) == (
        [
            "「みどりの会」に kato@example.jp を招待しました。",
            "メールサーバーが設定されていないため、次のリンクを本人に伝えてください：",
        ],
        True,
        1,
    )


@pytest.mark.parametrize(
    "arguments, message",
    [
        (
            {"group": "nothing", "email": "a@example.jp"},
            "スラッグ「nothing」の団体ページがありません。",
        ),
        (
            {"group": "midori", "email": "not-an-address"},
            "メールアドレス「not-an-address」の形式が正しくありません。",
        ),
    ],
)
def test_the_command_explains_bad_input(groups, arguments, message):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as refused:
        call_command("invite_group_member", **arguments)

    assert (str(refused.value), Invitation.objects.count()) == (message, 0)


def test_an_account_is_made_once_per_group(groups):
    page = groups["みどりの会"]

    assert account_for(page) == account_for(GroupPage.objects.get(pk=page.pk))


def members_url(page):
    return reverse("group_members", args=[page.pk])


def test_an_approver_invites_and_removes_members_from_the_groups_page(site):
    page, client = site["midori"], logged_in(site["approver"])
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    listing = client.get(members_url(page)).content.decode()

    invited = client.post(members_url(page), {"name": "木村", "email": "kimura@example.jp"})
    removed = client.post(members_url(page), {"remove": site["member"].pk})
    site["member"].refresh_from_db()

    assert (
        members_url(page) in edit,
        "yamada@example.jp" in listing,
        invited.status_code,
        [message.to for message in mail.outbox][-1],
        removed.status_code,
        site["member"].is_active,
        [invitation.user.email for invitation in Invitation.objects.usable()],
    ) == (True, True, 302, ["kimura@example.jp"], 302, False, ["kimura@example.jp"])


def test_a_bad_address_is_explained_and_nobody_is_invited(site):
    response = logged_in(site["approver"]).post(
        members_url(site["midori"]), {"name": "木村", "email": "kimura@"}
    )

    assert (
        response.status_code,
        "有効なメールアドレスを入力してください。" in response.content.decode(),
        Invitation.objects.filter(user__email__startswith="kimura").exists(),
    ) == (400, True, False)


def test_only_approvers_manage_members(site):
    page = site["midori"]
    statuses = {
        who: logged_in(site[who]).get(members_url(page)).status_code
        for who in ("editor", "member", "approver")
    }
    editor_edit = logged_in(site["editor"]).get(reverse("wagtailadmin_pages:edit", args=[page.pk]))

    assert (statuses, members_url(page) in editor_edit.content.decode()) == (
        {"editor": 302, "member": 302, "approver": 200},
        False,
    )


def submit(page, user):
    page.save_revision(user=user)
    return page.get_workflow().start(page, user)


def test_a_members_dashboard_shows_their_pages_what_waits_and_what_was_sent_back(site):
    member = site["member"]
    waiting, sent_back = site["midori_event"], site["shared_event"]
    submit(waiting, member)
    state = submit(sent_back, member)
    state.current_task_state.reject(user=site["approver"], comment="日時を確認してください。")
    submit(site["aozora_event"], site["other_member"])

    body = logged_in(member).get(reverse("wagtailadmin_home")).content.decode()
    # Each row: the page, its first date (events only), its state and the reviewer's reason.
    row = r'<td><a href="[^"]+">([^<]+)</a></td>\s*(?:<td>\d{4}年[^<]*</td>\s*)?'
    rows = re.findall(row + r"<td>([^<]*)(?:<br>理由：([^<]*))?", body)

    assert (rows, "今後のイベント" in body, "イベントを作る" in body) == (
        [
            ("みどりの会", "公開中", ""),
            ("合同のお祭り", "差し戻し", "日時を確認してください。"),
            ("みどりの清掃活動", "承認待ち", ""),
        ],
        False,
        True,
    )


def test_approvers_read_who_invited_and_removed_whom_in_the_site_history(site):
    remove_member(site["midori"].account, site["member"], removed_by=site["approver"])

    history = logged_in(site["approver"]).get(reverse("wagtailadmin_reports:site_history"))
    body = history.content.decode()

    assert (
        history.status_code,
        body.count("メンバーを招待しました"),
        body.count("メンバーが参加しました"),
        body.count("メンバーを削除しました"),
    ) == (200, 2, 2, 1)


def test_a_members_new_event_starts_with_their_group_as_organiser(site):
    index = EventIndexPage.objects.get()
    add_url = reverse("wagtailadmin_pages:add", args=["home", "eventpage", index.pk])

    form = logged_in(site["member"]).get(add_url).context["form"]

    assert (form.initial["organisers"], form["organisers"].value()) == (
        [site["midori"].pk],
        [site["midori"].pk],
    )


def test_a_short_password_is_refused_in_japanese(groups):
    _, link = invite(groups["みどりの会"], "short@example.jp")
    token = link.rstrip("/").rsplit("/", 1)[1]

    page = Client().post(
        f"/admin/invitation/{token}/", {"new_password1": "abc", "new_password2": "abc"}
    )

    assert (page.status_code, "このパスワードは短すぎます。" in page.content.decode()) == (
        400,
        True,
    )


def test_an_invitation_the_mail_server_refuses_is_kept_and_its_link_shown(site, settings):
    # An SMTP server that does not answer: nothing listens on a free port.
    settings.EMAIL_BACKEND = "mail.backends.SmtpEmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    response = logged_in(site["approver"]).post(
        members_url(site["midori"]), {"name": "木村", "email": "kimura@example.jp"}, follow=True
    )
    shown = [str(message) for message in response.context["messages"]]

    assert (
        len(shown),
        shown[0].startswith(
            "メールを送れませんでした。次のリンク（7日間有効、一度だけ使えます）を"
        ),
        "http://localhost/admin/invitation/" in shown[0],
        Invitation.objects.usable().filter(user__email="kimura@example.jp").count(),
    ) == (1, True, True, 1)


def test_a_new_member_without_events_finds_the_event_list_to_add_one(groups):
    member = joined(groups["みどりの会"], "new@example.jp")
    index = EventIndexPage.objects.get()
    published_event("ほかの団体の催し", groups["あおぞら子ども会"])

    page = logged_in(member).get(reverse("wagtailadmin_explore", args=[index.pk]))

    assert (page.status_code, "ほかの団体の催し" in page.content.decode()) == (200, False)


def test_an_accounts_permissions_cost_the_same_queries_for_one_event_or_three(groups):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    midori, aozora = groups["みどりの会"], groups["あおぞら子ども会"]
    published_event("みどり1", midori)
    for number in range(3):
        published_event(f"あおぞら{number}", aozora)

    counts = []
    for page in (midori, aozora):
        with CaptureQueriesContext(connection) as captured:
            account_for(page)
        counts.append(len(captured.captured_queries))

    assert (
        counts[0] == counts[1],
        account_for(aozora).auth_group.page_permissions.count(),
    ) == (
        True,
        4,
    )
