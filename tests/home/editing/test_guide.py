"""The editors' guide in the admin (ヘルプ → 使い方ガイド) and the Help menu that leads to it."""

import re
from io import BytesIO

import pytest
from django.contrib.auth.models import User
from django.contrib.staticfiles import finders
from django.test import RequestFactory
from django.urls import reverse
from PIL import Image
from wagtail.admin.menu import admin_menu, help_menu

from home.loading.editors import APPROVERS, EDITORS, MEMBERS
from tests.users import member_of

GUIDE_URL = "/admin/guide/"
SCREENSHOT_WIDTH = 1280
GUIDE_SECTIONS = [
    "1. 役割ごとにできること・できないこと",
    "2. 掲載の流れ：作成 → プレビュー → 承認に提出 → 承認",
    "3. 団体を掲載する（ロゴ付き）",
    "4. 画像・ドキュメント",
    "5. イベントを掲載する（複数回の日程・写真）",
    "6. イベントの中止・延期",
    "7. お知らせと「緊急」のお知らせ",
    "8. アクションの取組状況（年度ごと）",
    "9. 承認する（承認者）",
    "10. 公開日時を予約する（承認者）",
    "11. 館内の案内画面（サイネージ）",
    "12. 困ったとき",
]


def menu_request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def section_headings(html):
    return re.findall(r'<h2 id="[a-z]+-heading">([^<]+)</h2>', html)


def screenshot_paths(html):
    return re.findall(r'<img src="/static/(guide/[^"]+)"', html)


@pytest.mark.parametrize("group_name", [EDITORS, APPROVERS, MEMBERS])
def test_every_role_reads_the_guide_with_all_its_sections(client, roles, group_name):
    client.force_login(member_of(group_name))

    response = client.get(GUIDE_URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>使い方ガイド" in html
    assert section_headings(html) == GUIDE_SECTIONS


def test_the_guide_url_is_the_one_the_menu_names(roles):
    assert reverse("admin_guide") == GUIDE_URL


def test_someone_signed_out_is_sent_to_sign_in(client, roles):
    response = client.get(GUIDE_URL)

    assert response.status_code == 302
    assert response.url == f"/admin/login/?next={GUIDE_URL}"


def test_a_user_without_admin_access_cannot_read_the_guide(client, roles):
    client.force_login(User.objects.create_user("citizen"))

    response = client.get(GUIDE_URL)

    assert response.status_code == 302
    assert response.url == "/admin/login/?next=/admin/guide/"


def test_every_screenshot_the_guide_shows_is_a_committed_png_a_browser_took(client, roles):
    client.force_login(member_of(EDITORS))
    shots = screenshot_paths(client.get(GUIDE_URL).content.decode())

    assert len(shots) == len(set(shots)) == 12
    for shot in shots:
        found = finders.find(shot)
        assert found is not None, shot
        with open(found, "rb") as file, Image.open(BytesIO(file.read())) as image:
            assert (image.format, image.width <= SCREENSHOT_WIDTH) == ("PNG", True), shot


def test_the_help_menu_is_named_in_japanese_and_offers_only_the_guide(roles):
    request = menu_request(member_of(EDITORS))

    help_items = [
        item for item in admin_menu.menu_items_for_request(request) if item.name == "help"
    ]
    guide_items = help_menu.menu_items_for_request(request)

    assert [str(item.label) for item in help_items] == ["ヘルプ"]
    assert [(str(item.label), item.url) for item in guide_items] == [("使い方ガイド", GUIDE_URL)]


def test_the_dashboard_shows_editors_no_english_wagtail_banner(client, roles):
    client.force_login(member_of(EDITORS))

    html = client.get("/admin/").content.decode()

    assert "What's new" not in html
    assert "whats_new_in_wagtail_version" not in html


def test_the_dashboard_links_to_the_guide_instead_of_wagtails_english_one(client, roles):
    client.force_login(member_of(EDITORS))

    html = client.get("/admin/").content.decode()

    assert f'href="{GUIDE_URL}">使い方ガイド</a>' in html
    assert "guide.wagtail.org" not in html
