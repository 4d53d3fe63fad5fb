"""Security headers on every kind of response: pages, API, feeds, signage, static files, refusals
and errors get the public Content-Security-Policy (no inline code, never framed); the admin gets
its own; HSTS and the https redirect come with the production settings."""

import datetime as dt
import importlib.util

import pytest
from django.core.files.base import ContentFile
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.test.utils.form_data import querydict_from_html

from cms.settings.base import PROJECT_DIR
from graphql_api.schema import schema
from graphql_api.views import PublicGraphQLView
from home.loading.site import section
from home.models import ContactSettings, EventIndexPage, NoticeIndexPage
from security.middleware import ContentSecurityPolicyMiddleware
from security.policies import build_policies
from signage.models import SignageScreen
from tests.factories import NoticePageFactory, event_with_sessions

PUBLIC_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-src 'self' https://www.youtube.com https://www.youtube-nocookie.com "
    "https://player.vimeo.com; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
ADMIN_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; connect-src 'self' https://releases.wagtail.org; "
    "frame-src 'self' https://www.youtube.com https://www.youtube-nocookie.com "
    "https://player.vimeo.com; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'self'"
)
GRAPHIQL_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://unpkg.com; "
    "style-src 'self' 'unsafe-inline' https://unpkg.com; img-src 'self' data:; "
    "font-src 'self' data: https://unpkg.com; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
PRODUCTION_ENV = {
    "SECRET_KEY": "a-long-random-production-secret-for-this-test-only-0123456789",
    "ALLOWED_HOSTS": "kyodo.example.jp",
    "DATABASE_URL": "postgres://kyodo@127.0.0.1:5432/kyodo",
    "PUBLIC_BASE_URL": "https://kyodo.example.jp",
}
# What production decides about transport and framing; everything else stays as in the tests.
PRODUCTION_SECURITY_SETTINGS = (
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "X_FRAME_OPTIONS",
)


def directive(policy, name):
    return next(part for part in policy.split("; ") if part.startswith(name + " "))


def security_headers(response):
    return {
        "status": response.status_code,
        "csp": response.get("Content-Security-Policy"),
        "nosniff": response.get("X-Content-Type-Options"),
        "referrer": response.get("Referrer-Policy"),
        "frame": response.get("X-Frame-Options"),
    }


def public(status):
    return {
        "status": status,
        "csp": PUBLIC_POLICY,
        "nosniff": "nosniff",
        "referrer": "strict-origin-when-cross-origin",
        "frame": "DENY",
    }


@pytest.fixture(autouse=True)
def no_counts_left_over(empty_cache):
    """Every test here counts sign-ins or requests from nothing."""


@pytest.fixture
def site(home_page):
    # Read under the tests' clock (tests/clock.py), not at import, when the machine's clock rules.
    soon = timezone.now() + dt.timedelta(days=3)
    event_with_sessions(
        section(EventIndexPage), (soon, soon + dt.timedelta(hours=2)), slug="bousai"
    )
    NoticePageFactory(parent=section(NoticeIndexPage), slug="oshirase")
    SignageScreen.objects.create(name="1階ロビー", slug="lobby")
    return home_page


@pytest.fixture
def failing_search(monkeypatch):
    def fail(query):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("home.views.search_page_ids", fail)


def test_every_public_kind_of_response_gets_the_public_policy_and_headers(site, failing_search):
    client = Client(raise_request_exception=False)
    api = {"query": "{ __typename }"}
    responses = {
        "home": client.get("/"),
        "event list": client.get("/events/"),
        "event": client.get("/events/bousai/"),
        "event calendar file": client.get("/events/bousai/calendar.ics"),
        "notice": client.get("/notices/oshirase/"),
        "feed": client.get("/feeds/events.json"),
        "api": client.post("/graphql/", api, content_type="application/json"),
        "api error": client.post("/graphql/", "{", content_type="application/json"),
        "unknown key": client.get("/feeds/events.rss", {"key": "not-a-key"}),
        "signage": client.get("/signage/lobby/"),
        "signage service worker": client.get("/signage/sw.js"),
        "static file": client.get("/static/css/site.css"),
        "robots": client.get("/robots.txt"),
        "not found": client.get("/no-such-page/"),
        "server error": client.get("/search/", {"q": "防災"}),
    }
    assert {name: security_headers(r) for name, r in responses.items()} == {
        "home": public(200),
        "event list": public(200),
        "event": public(200),
        "event calendar file": public(200),
        "notice": public(200),
        "feed": public(200),
        "api": public(200),
        "api error": public(400),
        "unknown key": public(401),
        "signage": public(200),
        "signage service worker": public(200),
        "static file": public(200),
        "robots": public(200),
        "not found": public(404),
        "server error": public(500),
    }


def test_a_response_from_the_shared_cache_carries_the_headers_too(site, settings):
    settings.RESPONSE_CACHE_SECONDS = 60
    # Created on first use, which counts as a content change and would empty the cache.
    ContactSettings.load()
    client = Client()
    client.get("/events/bousai/")
    hit = client.get("/events/bousai/")
    assert (hit["X-Cache"], security_headers(hit)) == ("hit", public(200))


def test_the_admin_gets_a_policy_that_lets_wagtail_run_and_frame_its_preview(home_page):
    response = Client().get(reverse("wagtailadmin_login"))
    assert security_headers(response) == {
        **public(200),
        "csp": ADMIN_POLICY,
    }


def test_a_policy_the_view_set_itself_is_kept(home_page):
    """Wagtail serves documents with `default-src 'none'`, stricter than any page's policy."""
    document = Document.objects.create(
        title="申込書", file=ContentFile(b"%PDF-1.7", name="form.pdf")
    )
    response = Client().get(document.url)
    assert security_headers(response) == {**public(200), "csp": "default-src 'none'"}


def test_graphiql_may_load_its_scripts_from_unpkg():
    """GraphiQL is offered with DEBUG on only; its page is the one HTML answer of /graphql/."""
    graphiql = PublicGraphQLView.as_view(schema=schema, graphql_ide="graphiql")
    middleware = ContentSecurityPolicyMiddleware(graphiql)
    response = middleware(RequestFactory().get("/graphql/", HTTP_ACCEPT="text/html"))
    assert (
        response.status_code,
        response["Content-Type"],
        response["Content-Security-Policy"],
    ) == (
        200,
        "text/html; charset=utf-8",
        GRAPHIQL_POLICY,
    )
    assert b"https://unpkg.com/graphiql@" in response.content


def test_images_on_s3_or_a_cdn_are_allowed_by_their_origin(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "kamagaya-media",
                "querystring_auth": False,
                "endpoint_url": "https://s3.example.jp",
            },
        },
    }
    policies = build_policies()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {"bucket_name": "kamagaya-media", "custom_domain": "media.example.jp"},
        },
    }
    behind_a_cdn = build_policies()
    assert (directive(policies.public, "img-src"), directive(behind_a_cdn.public, "img-src")) == (
        "img-src 'self' data: https://s3.example.jp",
        "img-src 'self' data: https://media.example.jp",
    )
    assert (
        directive(policies.admin, "img-src") == "img-src 'self' data: https://s3.example.jp blob:"
    )


# Production: HSTS over https, the redirect to https, and framing.


def production_settings():
    """cms/settings/production.py run afresh with the current environment, as a dict."""
    # A module of its own name, so a copy imported elsewhere is neither used nor replaced.
    spec = importlib.util.spec_from_file_location(
        "cms.settings.production_under_test", PROJECT_DIR / "settings" / "production.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return vars(module)


@pytest.fixture
def production_security(monkeypatch, settings):
    """The transport and framing settings exactly as cms/settings/production.py makes them."""
    for name, value in PRODUCTION_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("SECURE_HSTS_PRELOAD", raising=False)
    production = production_settings()
    for name in PRODUCTION_SECURITY_SETTINGS:
        setattr(settings, name, production[name])


def test_production_sends_hsts_over_https_without_preload_until_the_city_opts_in(
    home_page, production_security
):
    response = Client().get("/", HTTP_X_FORWARDED_PROTO="https")
    assert (response.status_code, response["Strict-Transport-Security"]) == (
        200,
        "max-age=31536000; includeSubDomains",
    )
    assert security_headers(response) == public(200)


def test_production_can_opt_into_hsts_preload(
    home_page, production_security, monkeypatch, settings
):
    monkeypatch.setenv("SECURE_HSTS_PRELOAD", "true")
    settings.SECURE_HSTS_PRELOAD = production_settings()["SECURE_HSTS_PRELOAD"]
    response = Client().get("/", HTTP_X_FORWARDED_PROTO="https")
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_production_redirects_plain_http_to_https_without_hsts(home_page, production_security):
    response = Client().get("/events/", HTTP_HOST="kyodo.example.jp")
    assert (
        response.status_code,
        response["Location"],
        response.has_header("Strict-Transport-Security"),
    ) == (
        301,
        "https://kyodo.example.jp/events/",
        False,
    )


def test_wagtails_preview_panel_may_frame_the_preview_under_production_framing_rules(
    home_page, production_security, admin_client
):
    """X_FRAME_OPTIONS = "DENY" everywhere, but Wagtail's preview answers SAMEORIGIN and the
    admin's policy allows frame-ancestors 'self', so the editor's preview panel keeps working."""
    notice = NoticePageFactory(parent=section(NoticeIndexPage), slug="oshirase")
    https = {"HTTP_X_FORWARDED_PROTO": "https"}
    edit_url = reverse("wagtailadmin_pages:edit", args=[notice.pk])
    edit = admin_client.get(edit_url, **https)
    form_data = querydict_from_html(edit.content.decode(), form_id="page-edit-form")
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[notice.pk])
    posted = admin_client.post(preview_url, data=form_data, **https)
    preview = admin_client.get(preview_url, {"in_preview_panel": "true"}, **https)

    assert posted.json() == {"is_valid": True, "is_available": True}
    assert (edit["X-Frame-Options"], edit["Content-Security-Policy"]) == ("DENY", ADMIN_POLICY)
    assert (
        preview.status_code,
        preview["X-Frame-Options"],
        preview["Content-Security-Policy"],
    ) == (
        200,
        "SAMEORIGIN",
        ADMIN_POLICY,
    )
