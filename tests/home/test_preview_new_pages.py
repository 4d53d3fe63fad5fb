"""An editor can preview a page before its first save, for every page type they may create: the
preview renders the unsaved page, which has no row for lists or relations to point at yet."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import RequestFactory
from wagtail.models import Page

from home.loading.editors import EDITORS
from home.models import (
    ActionPage,
    EventIndexPage,
    EventPage,
    GroupIndexPage,
    GroupPage,
    NoticeIndexPage,
    NoticePage,
    PlanPage,
    VisionPage,
)

pytestmark = pytest.mark.django_db

NEW_PAGES = {
    GroupPage: (
        GroupIndexPage,
        {"title": "新しい団体", "slug": "new-group", "name_kana": "あたらしいだんたい"},
    ),
    EventPage: (
        EventIndexPage,
        {"title": "新しいイベント", "slug": "new-event", "summary": "説明"},
    ),
    NoticePage: (
        NoticeIndexPage,
        {"title": "新しいお知らせ", "slug": "new-notice", "body": "<p>本文</p>"},
    ),
    VisionPage: (PlanPage, {"title": "新しい未来像", "slug": "new-vision", "number": 4}),
    ActionPage: (VisionPage, {"title": "新しいアクション", "slug": "new-action", "number": 22}),
}


def test_every_creatable_page_type_is_covered():
    creatable = {
        model
        for model in apps.get_app_config("home").get_models()
        if issubclass(model, Page) and model is not Page and model.max_count is None
    }
    assert creatable == set(NEW_PAGES)


@pytest.mark.parametrize("model", list(NEW_PAGES), ids=lambda model: model.__name__)
def test_an_unsaved_page_previews_on_the_website(model):
    call_command("load_plan", verbosity=0)
    parent_model, fields = NEW_PAGES[model]
    parent = parent_model.objects.first()
    page = model(**fields)
    page.set_url_path(parent)
    editor = User.objects.create_user("henshu")
    editor.groups.add(Group.objects.get(name=EDITORS))
    request = RequestFactory().get("/")
    request.user = editor

    response = page.make_preview_request(request, page.default_preview_mode)

    assert response.status_code == 200
    assert fields["title"] in response.rendered_content
