"""CSRF on every form: each POST form the project's public pages and admin screens show is
refused with 403 and a Japanese page when sent without its token (Django's check enforced, as a
browser on another site would send it). The GraphQL endpoint is exempt, which is safe only
because it has no mutations and answers a signed-in editor exactly as anyone else."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.models import PageViewRestriction, get_page_models
from wagtail.snippets.models import get_snippet_models

from graphql_api.schema import schema
from home.loading.site import section
from home.models import (
    ActionPage,
    ActivityField,
    Audience,
    District,
    EventIndexPage,
    GroupIndexPage,
    NoticeIndexPage,
    PlanPage,
    VisionPage,
)
from partners.models import Partner
from signage.models import SignageScreen
from tests.factories import GroupPageFactory, NoticePageFactory, event_with_sessions

CSRF_PAGE_TITLE = "送信を受け付けられませんでした"
CSRF_PAGE_TEXT = (
    "安全のため、この送信は受け付けられませんでした。ページを開いてから時間がたったか、"
    "ブラウザーのCookieが無効になっている可能性があります。",
    "前のページに戻って再読み込みしてから、もう一度送信してください。"
    "続くときは、このサイトのCookieを有効にしてください。",
)
TOKEN_FIELD = "csrfmiddlewaretoken"


@pytest.fixture
def content(home_page):
    """One page of every type the project defines, and one of each snippet (the event brings
    its venue)."""
    plan = home_page.add_child(instance=PlanPage(title="アクションプラン22", slug="plan"))
    vision = plan.add_child(
        instance=VisionPage(title="ビジョン1", slug="vision-1", number=1, summary="概要")
    )
    vision.add_child(
        instance=ActionPage(
            title="アクション1", slug="action-1", number=1, need="必要性", description="<p>内容</p>"
        )
    )
    ActivityField.objects.create(number=1, name="保健、医療又は福祉の増進を図る活動")
    Audience.objects.create(name="小学生", slug="pupils")
    District.objects.create(name="中央地区")
    group = GroupPageFactory(parent=section(GroupIndexPage), slug="bousai-kai")
    event_with_sessions(section(EventIndexPage), slug="bousai-kunren")
    NoticePageFactory(parent=section(NoticeIndexPage), slug="oshirase")
    SignageScreen.objects.create(name="1階ロビー", slug="lobby")
    partner = Partner(name="第一中学校")
    partner.issue_key()
    partner.save()
    return group


@pytest.fixture
def admin_browser(db):
    user = get_user_model().objects.create_superuser("admin", "admin@example.jp", "pw")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def post_forms(response):
    """{form id or action: (action, fields)} of every method="post" form on a page, token left out."""
    page_path = response.request["PATH_INFO"]
    forms = {}
    for form in BeautifulSoup(response.content, "html.parser").find_all("form"):
        if form.get("method", "get").lower() != "post":
            continue
        fields = {
            field["name"]: field.get("value", "")
            for field in form.find_all(["input", "textarea", "select"])
            if field.get("name") and field["name"] != TOKEN_FIELD
        }
        action = form.get("action") or page_path
        forms[form.get("id") or action] = (action, fields)
    return forms


def admin_screens():
    """Every admin screen with a form for the project's own content, snippets and settings."""
    screens = {}
    for model in get_page_models():
        if model._meta.app_label == "home":
            page = model.objects.get()
            screens[f"edit {model.__name__}"] = reverse("wagtailadmin_pages:edit", args=[page.pk])
    for model in get_snippet_models():
        viewset = model.snippet_viewset
        screens[f"add {model.__name__}"] = reverse(viewset.get_url_name("add"))
        instance = model.objects.first()
        screens[f"edit {model.__name__}"] = reverse(
            viewset.get_url_name("edit"), args=[instance.pk]
        )
    for model in settings_registry:
        screens[f"settings {model.__name__}"] = reverse(
            "wagtailsettings:edit", args=[model._meta.app_label, model._meta.model_name]
        )
    return screens


def csrf_refusal(response):
    page = BeautifulSoup(response.content, "html.parser")
    return (
        response.status_code,
        page.h1.get_text() if page.h1 else None,
        tuple(p.get_text() for p in page.main.find_all("p")) if page.main else None,
    )


def refusals_without_token(client, screens):
    """{screen and form: how its POST without the token was answered}."""
    refusals = {}
    for name, url in screens.items():
        screen = client.get(url, follow=True)
        assert screen.status_code in (200, 401), name
        for form, (action, fields) in post_forms(screen).items():
            refusals[f"{name}: {form}"] = csrf_refusal(client.post(action, fields))
    return refusals


def test_every_admin_form_of_the_project_refuses_a_post_without_its_token(content, admin_browser):
    signed_out = {
        "sign-in": reverse("wagtailadmin_login"),
        "password reset": reverse("wagtailadmin_password_reset"),
    }
    refusals = {
        **refusals_without_token(Client(enforce_csrf_checks=True), signed_out),
        **refusals_without_token(admin_browser, admin_screens()),
    }
    assert set(refusals.values()) == {(403, CSRF_PAGE_TITLE, CSRF_PAGE_TEXT)}
    # Whatever else the walk finds, these are among the forms it refused.
    assert {
        "sign-in: /admin/login/",
        "password reset: /admin/password_reset/",
        "edit HomePage: page-edit-form",
        "edit EventPage: page-edit-form",
        "edit ActionPage: page-edit-form",
        "add Partner: w-editor-form",
        "edit Partner: w-editor-form",
        "add SignageScreen: w-editor-form",
        "edit Venue: w-editor-form",
        "settings ContactSettings: w-editor-form",
    } <= set(refusals), sorted(refusals)


def test_the_only_public_post_form_is_the_password_of_a_protected_page_and_it_needs_its_token(
    content,
):
    notice = NoticePageFactory(parent=section(NoticeIndexPage), slug="naibu")
    PageViewRestriction.objects.create(
        page=notice, restriction_type=PageViewRestriction.PASSWORD, password="kamagaya"
    )
    visitor = Client(enforce_csrf_checks=True)
    pages = {
        "home": "/",
        "plan": "/plan/",
        "vision": "/plan/vision-1/",
        "action": "/plan/vision-1/action-1/",
        "groups": "/groups/",
        "group": content.url,
        "events": "/events/",
        "event": "/events/bousai-kunren/",
        "notices": "/notices/",
        "search": "/search/?q=防災",
        "protected notice": notice.url,
    }
    refusals = refusals_without_token(visitor, pages)
    restriction = PageViewRestriction.objects.get()
    assert refusals == {
        f"protected notice: /_util/authenticate_with_password/{restriction.pk}/{notice.pk}/": (
            403,
            CSRF_PAGE_TITLE,
            CSRF_PAGE_TEXT,
        )
    }


def test_with_its_token_the_same_post_goes_through(db):
    """The walk's 403s come from the missing token, not from how the test client posts."""
    get_user_model().objects.create_superuser("admin", "admin@example.jp", "pw")
    browser = Client(enforce_csrf_checks=True)
    browser.get(reverse("wagtailadmin_login"))
    response = browser.post(
        reverse("wagtailadmin_login"),
        {"username": "admin", "password": "pw", TOKEN_FIELD: browser.cookies["csrftoken"].value},
    )
    assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_the_csrf_page_in_the_admin_leads_back_to_the_sign_in(db):
    response = Client(enforce_csrf_checks=True).post(reverse("wagtailadmin_login"), {})
    links = BeautifulSoup(response.content, "html.parser").main.find_all("a")
    assert csrf_refusal(response) == (403, CSRF_PAGE_TITLE, CSRF_PAGE_TEXT)
    assert [(link["href"], link.get_text()) for link in links] == [
        ("/", "トップページ"),
        ("/admin/login/", "管理画面のログイン"),
    ]


# The GraphQL endpoint takes POSTs from other sites by design, without a CSRF token.

DRAFT_QUERY = "{ notices { results { title } } }"


def test_the_api_has_no_mutations_or_subscriptions():
    graphql_schema = schema._schema
    assert (graphql_schema.mutation_type, graphql_schema.subscription_type) == (None, None)
    assert "type Mutation" not in schema.as_str()


def test_a_signed_in_editors_cookie_gets_nothing_more_from_the_api_than_anyone(
    home_page, admin_browser
):
    NoticePageFactory(parent=section(NoticeIndexPage), title="公開中のお知らせ")
    draft = NoticePageFactory(parent=section(NoticeIndexPage), title="下書きのお知らせ")
    draft.unpublish()

    def ask(client):
        response = client.post(
            "/graphql/",
            {"query": DRAFT_QUERY},
            content_type="application/json",
            HTTP_ORIGIN="https://elsewhere.example.com",
        )
        return response.status_code, response.json()

    assert (
        ask(admin_browser)
        == ask(Client())
        == (
            200,
            {"data": {"notices": {"results": [{"title": "公開中のお知らせ"}]}}},
        )
    )
