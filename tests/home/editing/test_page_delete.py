"""Deleting a page in the admin: a Japanese confirmation first (saying how many pages go with
it), deletion only on POST, by someone allowed to, recorded in the audit log, and gone from
every public channel at once. Deleting ten pages or more also needs the site's name typed in,
which the server checks too (home/editing/page_deletion.py)."""

import datetime as dt
from urllib.parse import urlencode

from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, PageLogEntry

from home.loading.editors import APPROVERS, EDITORS, ensure_editor_roles
from home.loading.site import SITE_TITLE, ensure_site_tree, section
from home.models import ContactSettings, EventIndexPage, GroupIndexPage
from tests.factories import GroupPageFactory, event_with_sessions
from tests.graphql_api.helpers import graphql_data
from tests.users import logged_in, member_of

QUESTION = "このページを削除してよろしいですか？"
EVENT_QUERY = """
query ($slug: String!) {
  event(slug: $slug) { title }
  events { totalCount results { title } }
}
"""


def delete_url(page):
    return reverse("wagtailadmin_pages:delete", args=[page.pk])


def messages_of(response):
    # Wagtail's admin messages end with the (here empty) markup of their buttons.
    return [str(message).strip() for message in response.context["messages"]]


class PageDeletionTestCase(TestCase):
    """The site, the editor roles, an administrator, and a section with two group profiles."""

    @classmethod
    def setUpTestData(cls):
        cls.home = ensure_site_tree()
        ensure_editor_roles(cls.home)
        cls.administrator = User.objects.create_superuser("kanri", password="kamagaya-test")
        cls.groups = section(GroupIndexPage)
        for slug, title in (("kunugiyama", "くぬぎ山の自然を守る会"), ("kodomo", "子ども食堂の会")):
            GroupPageFactory(parent=cls.groups, slug=slug, title=title)

    def setUp(self):
        self.admin = logged_in(self.administrator)
        # Making the site tree deleted Wagtail's welcome page; only this test's deletions count.
        self.earlier_entries = list(PageLogEntry.objects.values_list("pk", flat=True))

    def deletions(self):
        return list(
            PageLogEntry.objects.filter(action="wagtail.delete")
            .exclude(pk__in=self.earlier_entries)
            .order_by("label")
            .values_list("label", "user__username", "deleted")
        )

    def remaining(self):
        return sorted(
            Page.objects.descendant_of(self.groups, inclusive=True).values_list("title", flat=True)
        )


class ConfirmationTests(PageDeletionTestCase):
    def test_get_asks_in_japanese_how_many_pages_go_and_deletes_nothing(self):
        response = self.admin.get(delete_url(self.groups))

        self.assertEqual(response.status_code, 200)
        self.assertContains(response, QUESTION)
        self.assertContains(
            response, "このページの下にある<b>2件</b>のページも、すべて削除されます。"
        )
        self.assertContains(response, "この団体一覧はどこからも参照されていません。")
        self.assertContains(response, 'value="はい、削除します"')
        self.assertContains(response, "いいえ、削除しません")
        self.assertNotContains(response, "confirm_site_name")
        self.assertEqual(
            self.remaining(), ["くぬぎ山の自然を守る会", "団体をさがす", "子ども食堂の会"]
        )
        self.assertEqual(self.deletions(), [])

    def test_post_deletes_the_page_and_its_descendants_and_logs_each_with_the_user(self):
        response = self.admin.post(delete_url(self.groups))

        self.assertRedirects(response, reverse("wagtailadmin_explore", args=[self.home.pk]))
        self.assertEqual(self.remaining(), [])
        self.assertEqual(
            self.deletions(),
            [
                ("くぬぎ山の自然を守る会", "kanri", True),
                ("団体をさがす", "kanri", True),
                ("子ども食堂の会", "kanri", True),
            ],
        )

    def test_the_deletion_shows_in_the_site_history_report(self):
        self.admin.post(delete_url(self.groups))

        response = self.admin.get(reverse("wagtailadmin_reports:site_history"))

        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            sorted(
                (entry.label, entry.action, entry.user.username)
                for entry in response.context["object_list"]
                if entry.action == "wagtail.delete" and entry.pk not in self.earlier_entries
            ),
            [
                ("くぬぎ山の自然を守る会", "wagtail.delete", "kanri"),
                ("団体をさがす", "wagtail.delete", "kanri"),
                ("子ども食堂の会", "wagtail.delete", "kanri"),
            ],
        )
        self.assertContains(response, "サイトの履歴")
        self.assertContains(response, "くぬぎ山の自然を守る会")


class PermissionTests(PageDeletionTestCase):
    """Neither role the loader creates holds the delete permission (home/loading/editors.py)."""

    def test_neither_an_editor_nor_an_approver_can_delete_a_published_page(self):
        for role, username in ((EDITORS, "henshu"), (APPROVERS, "shonin")):
            with self.subTest(role=role):
                client = logged_in(member_of(role, username))
                for response in (
                    client.get(delete_url(self.groups)),
                    client.post(delete_url(self.groups)),
                ):
                    self.assertRedirects(
                        response, reverse("wagtailadmin_home"), fetch_redirect_response=False
                    )

                home = client.get(reverse("wagtailadmin_home"))
                self.assertEqual(messages_of(home), ["アクセス権がありません。"] * 2)
        self.assertEqual(len(self.remaining()), 3)
        self.assertEqual(self.deletions(), [])

    def test_an_editor_may_discard_a_draft_of_their_own_that_was_never_published(self):
        # Wagtail's rule for the "add" permission: what nobody else wrote and nobody has seen.
        editor = member_of(EDITORS, "henshu")
        draft = GroupPageFactory(parent=self.groups, slug="draft", title="下書きの団体", live=False)
        Page.objects.filter(pk=draft.pk).update(owner=editor)

        response = logged_in(editor).post(delete_url(draft))

        self.assertEqual(response.status_code, 302)
        self.assertFalse(Page.objects.filter(pk=draft.pk).exists())
        self.assertEqual(self.deletions(), [("下書きの団体", "henshu", True)])


class TypedConfirmationTests(PageDeletionTestCase):
    """Ten pages or more (WAGTAILADMIN_UNSAFE_PAGE_DELETION_LIMIT): the site's name is typed in."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for number in range(8):
            GroupPageFactory(parent=cls.groups, slug=f"group-{number}", title=f"団体{number}")

    def refusal(self):
        return (
            "削除しませんでした。11ページが削除されるため、"
            f"確認欄に「{SITE_TITLE}」と正しく入力してから、もう一度「はい、削除します」を押してください。"
        )

    def test_the_confirmation_asks_for_the_site_name_in_japanese(self):
        response = self.admin.get(delete_url(self.groups))

        self.assertContains(response, "この操作で、合計<b>11ページ</b>が削除されます。")
        self.assertContains(response, f"確認のため「<b>{SITE_TITLE}</b>」と入力してください。")

    def test_a_post_without_the_site_name_or_with_a_wrong_one_deletes_nothing(self):
        for typed in ({}, {"confirm_site_name": "かまがや"}):
            with self.subTest(typed=typed):
                response = self.admin.post(delete_url(self.groups), typed, follow=True)

                self.assertEqual(response.redirect_chain, [(delete_url(self.groups), 302)])
                self.assertEqual(messages_of(response), [self.refusal()])
                self.assertContains(response, QUESTION)
                self.assertEqual(len(self.remaining()), 11)
        self.assertEqual(self.deletions(), [])

    def test_the_site_name_typed_in_deletes_all_eleven(self):
        response = self.admin.post(delete_url(self.groups), {"confirm_site_name": SITE_TITLE})

        self.assertEqual(response.status_code, 302)
        self.assertEqual((self.remaining(), len(self.deletions())), ([], 11))

    def test_a_bulk_deletion_without_the_site_name_deletes_nothing(self):
        explore = reverse("wagtailadmin_explore", args=[self.home.pk])
        url = (
            reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
            + "?"
            + urlencode({"id": self.groups.pk, "next": explore})
        )

        response = self.admin.post(url, follow=True)

        self.assertEqual(response.redirect_chain, [(url, 302)])
        self.assertEqual(messages_of(response), [self.refusal()])
        self.assertEqual((len(self.remaining()), self.deletions()), (11, []))


class PublicChannelTests(PageDeletionTestCase):
    @override_settings(RESPONSE_CACHE_SECONDS=60)
    def test_a_deleted_event_leaves_the_site_and_the_api_at_once_even_when_cached(self):
        # Settings are made on first use, a content change that would empty the cache.
        ContactSettings.load()
        cache.clear()
        soon = timezone.now() + dt.timedelta(days=3)
        event = event_with_sessions(
            section(EventIndexPage),
            (soon, soon + dt.timedelta(hours=2)),
            title="防災講座",
            slug="bousai",
        )
        before = (
            self.client.get(event.url).status_code,
            self.client.get(event.url)["X-Cache"],
            graphql_data(self.client, EVENT_QUERY, {"slug": "bousai"}),
        )

        self.admin.post(delete_url(event))

        after = (
            self.client.get("/events/bousai/").status_code,
            graphql_data(self.client, EVENT_QUERY, {"slug": "bousai"}),
        )
        self.assertEqual(
            before,
            (
                200,
                "hit",
                {
                    "event": {"title": "防災講座"},
                    "events": {"totalCount": 1, "results": [{"title": "防災講座"}]},
                },
            ),
        )
        self.assertEqual(after, (404, {"event": None, "events": {"totalCount": 0, "results": []}}))
        self.assertEqual(self.deletions(), [("防災講座", "kanri", True)])
