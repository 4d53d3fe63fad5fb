"""Every page type renders for visitors and in the editors' preview."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.fields import StreamField
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

from home.loading.plan import load_plan, load_taxonomies
from home.loading.site import ensure_site_tree
from home.models import (
    ActionPage,
    EventIndexPage,
    GroupIndexPage,
    NoticeIndexPage,
    PlanPage,
    VisionPage,
)
from jp.time import TOKYO
from tests.factories import GroupPageFactory, NoticePageFactory, event_with_sessions

NEXT_YEAR = dt.datetime.now(TOKYO).year + 1


def build_site():
    home = ensure_site_tree()
    load_taxonomies()
    load_plan(home)
    group = GroupPageFactory(
        parent=GroupIndexPage.objects.get(), title="防災ボランティアの会", recruiting=True
    )
    event = event_with_sessions(
        EventIndexPage.objects.get(),
        (
            dt.datetime(NEXT_YEAR, 6, 6, 14, tzinfo=TOKYO),
            dt.datetime(NEXT_YEAR, 6, 6, 16, tzinfo=TOKYO),
        ),
        title="地域防災訓練",
    )
    event.organisers.set([group])
    event.related_actions.set([ActionPage.objects.get(number=8)])
    event.save_revision().publish()
    notice = NoticePageFactory(parent=NoticeIndexPage.objects.get(), title="窓口休止のお知らせ")
    return {
        "home": home,
        "plan": PlanPage.objects.get(),
        "vision": VisionPage.objects.get(number=2),
        "action": ActionPage.objects.get(number=8),
        "group_index": GroupIndexPage.objects.get(),
        "group": group,
        "event_index": EventIndexPage.objects.get(),
        "event": event,
        "notice_index": NoticeIndexPage.objects.get(),
        "notice": notice,
    }


EXPECTED_TEXT = {
    "home": ["これからのイベント", "地域防災訓練", "防災ボランティアの会", "窓口休止のお知らせ"],
    "plan": ["計画期間：2021年度〜2026年度", "未来像1"],
    "vision": ["未来像2", "アクション7　多様な手法（特にデジタルツール）による各種情報発信"],
    "action": ["課題を解決するために必要なこと", "地域防災訓練", "関連するアクション"],
    "group_index": ["防災ボランティアの会", "メンバー募集中"],
    "group": ["防災ボランティアの会", "地域防災訓練"],
    "event_index": ["地域防災訓練", f"{NEXT_YEAR}年6月6日"],
    "event": ["地域防災訓練", "14:00〜16:00", "防災ボランティアの会", "アクション8"],
    "notice_index": ["窓口休止のお知らせ"],
    "notice": ["窓口休止のお知らせ", "テストのお知らせです。"],
}


class PageTypesRenderTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.pages = build_site()

    def test_every_page_type_renders_with_its_content(self):
        for name, page in self.pages.items():
            with self.subTest(page=name):
                response = Client().get(page.url)
                assert response.status_code == 200
                html = response.content.decode()
                assert '<html lang="ja">' in html
                assert html.count("<h1>") == 1
                for text in EXPECTED_TEXT[name]:
                    assert text in html, f"{text!r} missing from {name}"

    def edit_form_data(self, page):
        """The edit form's fields as a browser would post them.

        StreamFields are drawn by JavaScript, so their values are added here from the page.
        """
        edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        data = querydict_from_html(self.client.get(edit_url).content.decode(), "page-edit-form")
        streams = {
            field.name: streamfield(
                [
                    (
                        block.block_type,
                        dict(block.value) if isinstance(block.value, dict) else block.value,
                    )
                    for block in getattr(page, field.name)
                ]
            )
            for field in page._meta.fields
            if isinstance(field, StreamField)
        }
        data.update(nested_form_data(streams))
        return data

    def test_every_page_type_is_previewable(self):
        editor = self.create_superuser("preview-editor")
        for name, page in self.pages.items():
            with self.subTest(page=name):
                page = page.specific
                self.client.force_login(editor)
                post_data = self.edit_form_data(page)
                self.assertPageIsPreviewable(page, post_data=post_data, user=editor)


@pytest.mark.django_db
def test_unknown_address_shows_the_japanese_404_page(client, home_page):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "ページが見つかりません" in response.content.decode()


@pytest.mark.django_db
def test_sample_content_carries_a_visible_sample_banner(client, home_page):
    group = GroupPageFactory(parent=GroupIndexPage.objects.get(), is_sample=True)
    assert (
        "このページはデモ用のサンプル（架空の内容）です。" in client.get(group.url).content.decode()
    )
