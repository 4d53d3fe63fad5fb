"""The admin's forms use the words city clerks use: 公開日時 and 公開終了日時 with what each does,
formats shown where they are not obvious, and organisers ticked in a list rather than picked with
ctrl-click."""

import re

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Page

from home.loading.editors import EDITORS
from home.models import EventIndexPage, GroupIndexPage, NoticeIndexPage, NoticePage
from home.models.scheduling import (
    EXPIRY_HELP,
    EXPIRY_LABEL,
    GO_LIVE_HELP,
    GO_LIVE_LABEL,
    SCHEDULE_SETTINGS_PANELS,
)
from tests.factories import GroupPageFactory, NoticePageFactory

pytestmark = pytest.mark.django_db

PAGE_TYPES = [
    model
    for model in apps.get_app_config("home").get_models()
    if issubclass(model, Page) and model is not Page
]


@pytest.fixture
def editor_client(client):
    call_command("load_plan", verbosity=0)
    editor = User.objects.create_user("henshu", password="words-test-password")
    editor.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(editor)
    return client


def page(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def text_of(element):
    # Wagtail renders its dialogs inside <template>, whose strings get_text() leaves out.
    return re.sub(r"\s+", " ", " ".join(element.find_all(string=True))).strip()


@pytest.mark.parametrize("model", PAGE_TYPES, ids=lambda model: model.__name__)
def test_every_page_type_schedules_with_the_editors_words(model):
    assert model.settings_panels is SCHEDULE_SETTINGS_PANELS


def test_the_schedule_dialog_says_what_each_date_does(editor_client):
    notice_index = NoticeIndexPage.objects.get()
    notice = NoticePageFactory(parent=notice_index, title="図書室の休館")

    html = page(editor_client.get(reverse("wagtailadmin_pages:edit", args=[notice.pk])))
    dialog = html.find(id="schedule-publishing-dialog")

    labels = [text_of(label) for label in dialog.find_all("label")]
    assert labels == [GO_LIVE_LABEL, EXPIRY_LABEL]
    help_texts = [text_of(help_text) for help_text in dialog.select(".help")]
    assert help_texts == [GO_LIVE_HELP, EXPIRY_HELP]


def test_organisers_are_a_checkbox_list_in_kana_order(editor_client):
    groups = GroupIndexPage.objects.get()
    for name, kana in (("わかば会", "わかばかい"), ("あおぞらクラブ", "あおぞらくらぶ")):
        GroupPageFactory(parent=groups, title=name, name_kana=kana)
    events = EventIndexPage.objects.get()

    html = page(
        editor_client.get(reverse("wagtailadmin_pages:add", args=["home", "eventpage", events.pk]))
    )

    boxes = html.select('input[type="checkbox"][name="organisers"]')
    assert [text_of(box.find_parent("label")) for box in boxes] == ["あおぞらクラブ", "わかば会"]
    assert html.select('select[name="organisers"]') == []


def test_session_times_show_their_format(editor_client):
    events = EventIndexPage.objects.get()

    html = page(
        editor_client.get(reverse("wagtailadmin_pages:add", args=["home", "eventpage", events.pk]))
    )

    body = text_of(html.body)
    assert "日本時間。例：2027-04-01 10:00（入力欄を押すとカレンダーが開きます）" in body
    assert "この日時まで申込を受け付けます（日本時間。例：2027-03-25 17:00）" in body
    assert NoticePage.settings_panels is SCHEDULE_SETTINGS_PANELS
