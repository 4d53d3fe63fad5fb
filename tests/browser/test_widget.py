"""The embeddable events widget on a partner school's page, served from another origin than the
portal, in headless Chromium: it lists the same upcoming events as the portal, only for a key
registered for that origin, and leaves the school's page accessible."""

import datetime as dt
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from home.loading.plan import load_taxonomies
from home.loading.site import ensure_site_tree
from home.models import Audience, EventIndexPage
from home.models.events import EventStatus
from home.queries import EventCriteria, find_events
from home.templatetags.jp_format import session_span
from partners.models import Partner
from tests.factories import VenueFactory, event_with_sessions

from .accessibility import axe_violations, blocking

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AUDIENCE_SLUG = "pupils"
COUNT = 5
ERROR_MESSAGE = (
    "イベント情報を読み込めませんでした。かまがや協働ポータルのイベント一覧をご覧ください。"
)
INJECTED_TITLE = '<img src="x" onerror="window.injected = 1"><b>太字</b>の講座'
INJECTED_VENUE = "<b>会場</b>"
STATUS_MARKS = {EventStatus.CANCELLED: "【中止】", EventStatus.POSTPONED: "【延期】"}

SCHOOL_PAGE = """<!doctype html>
<html lang="ja">
<head><meta charset="utf-8"><title>鎌ケ谷市立第一中学校</title></head>
<body>
<header><p>鎌ケ谷市立第一中学校</p></header>
<main>
<h1>地域のイベント</h1>
<p>鎌ケ谷市のイベントから、小中学生向けのものを紹介します。</p>
<script src="{portal}/static/widget/events.js" data-audience="{audience}" data-count="{count}"
  data-key="{key}" async></script>
</main>
</body>
</html>
"""


@dataclass
class SchoolSite:
    """A partner school's web server on another port, hence another origin than the portal."""

    origin: str
    pages: dict = field(default_factory=dict)


@pytest.fixture
def school_site():
    site = SchoolSite(origin="")

    class SchoolPages(BaseHTTPRequestHandler):
        def do_GET(self):
            page = site.pages.get(self.path)
            if page is None:
                self.send_error(404)
                return
            body = page.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), SchoolPages)
    site.origin = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site
    server.shutdown()
    server.server_close()


@pytest.fixture
def demo_site(transactional_db):
    call_command("load_plan", verbosity=0)
    call_command("load_demo", verbosity=0)


def partner_key(allowed_origins):
    partner = Partner(name="鎌ケ谷市立第一中学校", allowed_origins=allowed_origins)
    raw_key = partner.issue_key()
    partner.save()
    return raw_key


def open_school_page(page, school_site, live_server, key):
    site_page = SCHOOL_PAGE.format(
        portal=live_server.url, audience=AUDIENCE_SLUG, count=COUNT, key=key
    )
    school_site.pages["/"] = site_page
    page_errors = []
    page.on("pageerror", lambda error: page_errors.append(error))
    page.goto(school_site.origin + "/")
    widget = page.get_by_role("region", name="鎌ケ谷市のイベント")
    expect(widget).not_to_have_attribute("aria-busy", "true")
    return widget, page_errors


def next_session(event):
    now = timezone.now()
    return next(session for session in event.sessions.all() if session.ends_at >= now)


def test_the_widget_lists_upcoming_events_on_a_partner_page(
    demo_site, live_server, school_site, browser_page
):
    key = partner_key(allowed_origins=school_site.origin)
    events = list(find_events(EventCriteria(audience=AUDIENCE_SLUG))[:COUNT])
    assert events, "the sample content has upcoming events for pupils"

    widget, page_errors = open_school_page(browser_page, school_site, live_server, key)

    items = widget.get_by_role("listitem")
    expect(items.get_by_role("link")).to_have_text(
        [STATUS_MARKS.get(event.status, "") + event.title for event in events]
    )
    assert [items.nth(i).get_by_role("link").get_attribute("href") for i in range(len(events))] == [
        live_server.url + event.url for event in events
    ]
    expect(items.locator("time")).to_have_text([session_span(next_session(e)) for e in events])
    expect(items.locator(".kamagaya-events__where")).to_have_text(
        [f"会場：{event.venue.name}" for event in events if event.venue]
    )
    expect(
        widget.get_by_role("link", name="イベントをもっと見る（かまがや協働ポータル）")
    ).to_have_attribute("href", live_server.url + "/events/")
    assert page_errors == []
    assert Partner.objects.get().request_count == 1

    violations = axe_violations(browser_page)
    assert blocking(violations) == [], violations


def test_the_widget_shows_a_message_when_its_key_is_not_for_this_site(
    demo_site, live_server, school_site, browser_page
):
    key = partner_key(allowed_origins="https://another-school.example.jp")

    widget, page_errors = open_school_page(browser_page, school_site, live_server, key)

    expect(widget.get_by_role("status")).to_have_text(ERROR_MESSAGE)
    expect(widget.get_by_role("link", name="かまがや協働ポータルのイベント一覧")).to_have_attribute(
        "href", live_server.url + "/events/"
    )
    expect(widget.get_by_role("list")).to_have_count(0)
    assert page_errors == []

    violations = axe_violations(browser_page)
    assert blocking(violations) == [], violations


def test_the_widget_shows_markup_in_event_data_as_text(
    transactional_db, live_server, school_site, browser_page
):
    ensure_site_tree()
    load_taxonomies()
    starts_at = timezone.now() + dt.timedelta(days=3)
    event_with_sessions(
        EventIndexPage.objects.get(),
        (starts_at, starts_at + dt.timedelta(hours=2)),
        title=INJECTED_TITLE,
        audiences=[Audience.objects.get(slug=AUDIENCE_SLUG)],
        venue=VenueFactory(name=INJECTED_VENUE),
    )
    key = partner_key(allowed_origins=school_site.origin)

    widget, page_errors = open_school_page(browser_page, school_site, live_server, key)

    expect(widget.get_by_role("listitem").get_by_role("link")).to_have_text([INJECTED_TITLE])
    expect(widget.locator(".kamagaya-events__where")).to_have_text([f"会場：{INJECTED_VENUE}"])
    expect(browser_page.locator("img, b")).to_have_count(0)
    assert browser_page.evaluate("window.injected") is None
    assert page_errors == []
