"""Permissions are named in Japanese after migrate (home/editing/permission_names.py), so the group admin,
which shows the names Django stores, lists them in Japanese."""

import html
import re

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.management.sql import emit_post_migrate_signal
from wagtail.users.forms import GroupForm, PagePermissionsForm

from tests.browser.english_check import english_words

pytestmark = pytest.mark.django_db

EXPECTED_NAMES = {
    ("home", "add_eventpage"): "イベントを追加できる",
    ("home", "change_noticepage"): "お知らせを変更できる",
    ("home", "delete_venue"): "会場を削除できる",
    ("home", "view_venue"): "会場を閲覧できる",
    ("home", "choose_customimage"): "画像を選択できる",
    ("auth", "add_group"): "グループを追加できる",
    ("wagtailadmin", "access_admin"): "管理画面を利用できる",
    ("wagtailcore", "publish_page"): "どのページも公開できる",
    ("wagtailcore", "bulk_delete_page"): "子ページごとページを削除できる",
    ("wagtaildocs", "choose_document"): "ドキュメントを選択できる",
}


def names(keys):
    found = {}
    for app_label, codename in keys:
        found[app_label, codename] = Permission.objects.get(
            content_type__app_label=app_label, codename=codename
        ).name
    return found


def test_migrate_leaves_no_permission_with_djangos_english_name():
    assert (
        list(Permission.objects.filter(name__regex=r"^Can ").values_list("name", flat=True)) == []
    )


def test_permissions_are_named_from_the_models_japanese_names_and_the_catalogues():
    assert names(EXPECTED_NAMES) == EXPECTED_NAMES


def test_every_permission_the_group_admin_offers_is_named_in_japanese():
    """Object and other permissions show their names; page permission rows show str(permission),
    which starts with the app's and the model's names."""
    shown = [
        *(permission.name for permission in GroupForm().fields["permissions"].queryset),
        *map(str, PagePermissionsForm().fields["permissions"].queryset),
    ]
    assert len(shown) > 30
    assert [name for name in shown if english_words(name)] == []


def test_a_permission_django_creates_again_is_renamed_on_the_next_migrate():
    """Django's own receiver runs after the project's (home is the first app): the project's
    creates the permissions itself before renaming them."""
    Permission.objects.get(content_type__app_label="home", codename="add_eventpage").delete()
    Permission.objects.filter(codename="change_noticepage").update(name="Can change notice page")

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

    assert names([("home", "add_eventpage"), ("home", "change_noticepage")]) == {
        ("home", "add_eventpage"): "イベントを追加できる",
        ("home", "change_noticepage"): "お知らせを変更できる",
    }


def sr_only_labels(page):
    """The labels of the group form's checkboxes, which only screen readers read."""
    return [
        html.unescape(label.strip())
        for label in re.findall(r'<label for="[^"]+" class="w-sr-only">([^<]+)</label>', page)
    ]


def test_the_group_edit_view_shows_the_japanese_names(client):
    client.force_login(User.objects.create_superuser("admin", "admin@example.jp", "pw"))
    group = Group.objects.create(name="広報担当")

    page = client.get(f"/admin/groups/edit/{group.pk}/").content.decode()

    labels = sr_only_labels(page)
    assert {
        "グループを追加できる",
        "会場を変更できる",
        "サイネージ画面を削除できる",
        "基本機能 | ページ | どのページも公開できる",
        "基本機能 | ページ | 自分がロックしたページをロック・解除できる",
    } <= set(labels)
    assert [label for label in labels if english_words(label)] == []
    assert ">管理画面を利用できる</label>" in page
    # The page chooser of a page permission row, which Wagtail leaves unlabelled.
    chooser_label = re.search(
        r'for="id_page_permissions-__prefix__-page"[^>]*>\s*([^<]+)<', page
    ).group(1)
    assert chooser_label.strip() == "ページ"
