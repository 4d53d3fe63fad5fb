"""Every public page type in headless Chromium, with the plan and the sample content loaded:
axe-core finds no serious or critical violation, nothing scrolls sideways at 360 px or with text
at 200 %, keyboard focus is visible, and screenshots at 1280 and 375 px are kept as artifacts."""

import json

import pytest
from django.template.loader import render_to_string

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
from home.models.choices import EventStatus

from .accessibility import axe_violations, blocking
from .conftest import ARTIFACTS_DIR, SCREENSHOTS_DIR

pytestmark = [
    pytest.mark.browser,
    # The tests only read the sample content that demo_server loads once for the module; under
    # xdist (--dist loadgroup) they run together on one worker, so it is loaded once.
    pytest.mark.django_db,
    pytest.mark.xdist_group("demo-public-pages"),
]

DESKTOP, PHONE, NARROWEST = 1280, 375, 360
# Not served by any URL while the site works; the browser is handed the real 500 template instead.
SERVER_ERROR_PATH = "/__server-error-page__/"


def public_pages():
    """(page type, path, expected status) for every kind of page a visitor can reach."""
    events = EventPage.objects.upcoming()
    scheduled = events.filter(status=EventStatus.SCHEDULED, venue__isnull=False).first()
    cancelled = events.filter(status=EventStatus.CANCELLED).first()
    group = GroupPage.objects.public().filter(organised_events__in=events).first()
    action = ActionPage.objects.public().filter(events__in=events).first()
    event_index = EventIndexPage.objects.get().url
    group_index = GroupIndexPage.objects.get().url
    return [
        ("home", "/", 200),
        ("plan", PlanPage.objects.get().url, 200),
        ("vision", VisionPage.objects.order_by("number").first().url, 200),
        ("action", action.url, 200),
        ("group-directory", group_index, 200),
        ("group-directory-bad-filter", f"{group_index}?organisation_type=unknown", 400),
        ("group", group.url, 200),
        ("event-list", event_index, 200),
        ("event-list-bad-range", f"{event_index}?date_from=2027-01-10&date_to=2027-01-01", 400),
        ("event-calendar", f"{event_index}calendar/", 200),
        ("event", scheduled.url, 200),
        ("event-cancelled", cancelled.url, 200),
        ("notices", NoticeIndexPage.objects.get().url, 200),
        ("notice", NoticePage.objects.public().first().url, 200),
        ("search", "/search/?q=防災", 200),
        ("search-no-results", "/search/?q=該当なしの言葉", 200),
        ("not-found", "/no-such-page/", 404),
        ("server-error", SERVER_ERROR_PATH, 500),
    ]


def serve_error_page(page, base_url):
    """The 500 page as the server would send it, with the site's real stylesheet."""
    page.route(
        f"{base_url}{SERVER_ERROR_PATH}",
        lambda route: route.fulfill(
            status=500, content_type="text/html; charset=utf-8", body=render_to_string("500.html")
        ),
    )


def open_page(page, base_url, path, status):
    response = page.goto(f"{base_url}{path}")
    assert response.status == status, path
    return response


def sideways_overflow(page):
    """How many CSS pixels the page is wider than the window (0 when nothing scrolls sideways)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def test_every_page_type_passes_axe_and_is_saved_at_1280_and_375(demo_server, browser_page):
    serve_error_page(browser_page, demo_server.url)
    report, failures = {}, {}
    for name, path, status in public_pages():
        for width in (DESKTOP, PHONE):
            browser_page.set_viewport_size({"width": width, "height": 900})
            open_page(browser_page, demo_server.url, path, status)
            browser_page.screenshot(path=SCREENSHOTS_DIR / f"{name}-{width}.png", full_page=True)
            violations = axe_violations(browser_page)
            report[f"{name}@{width}"] = violations
            if blocking(violations):
                failures[f"{name}@{width}"] = blocking(violations)
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS_DIR / "axe-report.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    assert failures == {}


def test_no_page_type_scrolls_sideways_at_360_px_or_with_200_percent_text(
    demo_server, browser_page
):
    serve_error_page(browser_page, demo_server.url)
    overflowing = {}
    for name, path, status in public_pages():
        browser_page.set_viewport_size({"width": NARROWEST, "height": 800})
        open_page(browser_page, demo_server.url, path, status)
        if overflow := sideways_overflow(browser_page):
            overflowing[f"{name}@360px"] = overflow
        # 200 % text: the visitor's browser setting doubles the root font size; the layout, in
        # rem, must follow without clipping or sideways scrolling (WCAG 1.4.4 and 1.4.10).
        browser_page.set_viewport_size({"width": DESKTOP, "height": 900})
        open_page(browser_page, demo_server.url, path, status)
        # Through the CSSOM, which the site's Content-Security-Policy allows (a <style> it refuses).
        browser_page.evaluate(
            "() => document.documentElement.style.setProperty('font-size', '200%', 'important')"
        )
        if overflow := sideways_overflow(browser_page):
            overflowing[f"{name}@200%"] = overflow
    assert overflowing == {}


def test_keyboard_focus_is_visible_and_the_skip_link_goes_to_the_content(demo_server, browser_page):
    browser_page.goto(demo_server.url + "/")
    browser_page.keyboard.press("Tab")
    skip_link = browser_page.get_by_role("link", name="本文へ移動")
    assert skip_link.evaluate("link => link === document.activeElement")
    focus_ring = skip_link.evaluate(
        "link => { const style = getComputedStyle(link);"
        " return [style.outlineStyle, style.outlineWidth, style.boxShadow !== 'none']; }"
    )
    assert focus_ring == ["solid", "3px", True]
    assert skip_link.is_visible()
    browser_page.keyboard.press("Enter")
    assert browser_page.url.endswith("#main")


def test_the_axe_check_reports_what_it_should(browser_page):
    """The harness itself: a page with faint text and an image without alt text must fail."""
    browser_page.set_content(
        '<html lang="ja"><head><title>確認</title></head><body><main><h1>確認</h1>'
        '<p style="color:#aaa">薄い文字</p><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
        "</main></body></html>"
    )
    found = {
        (violation["id"], violation["impact"])
        for violation in blocking(axe_violations(browser_page))
    }
    assert found == {("color-contrast", "serious"), ("image-alt", "critical")}
