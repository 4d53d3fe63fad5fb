"""The public site under its Content-Security-Policy in headless Chromium: pages with photos and
structured data, the event calendar, the 404 page and the signage screen with its script, poll
and service worker all run without a single violation being reported."""

import datetime as dt

import pytest
from django.utils import timezone

from home.loading.site import ensure_site_tree, section
from home.models import EventIndexPage, GroupIndexPage
from signage.models import SignageScreen
from tests.factories import GroupPageFactory, GroupPhotoFactory, ImageFactory, event_with_sessions

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Runs before any script of the page, so nothing the page does goes unrecorded.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.effectiveDirective} ${event.blockedURI}`);
});
"""
INJECT_INLINE_SCRIPT = """() => {
  const script = document.createElement("script");
  script.textContent = "window.injected = true;";
  document.body.append(script);
  return window.injected === true;
}"""


@pytest.fixture
def site(transactional_db):
    """A group with a photo running an event with a photo today, and a signage screen."""
    ensure_site_tree()
    group = GroupPageFactory(parent=section(GroupIndexPage), slug="bousai-kai")
    GroupPhotoFactory(group=group)
    soon = timezone.now() + dt.timedelta(hours=1)
    event = event_with_sessions(
        section(EventIndexPage),
        (soon, soon + dt.timedelta(hours=2)),
        slug="bousai-kunren",
        image=ImageFactory(),
        organisers=[group],
    )
    SignageScreen.objects.create(
        name="1階ロビー", slug="lobby", opens_at=dt.time(0, 0), closes_at=dt.time(23, 59, 59)
    )
    return {
        "home": "/",
        "event list": "/events/",
        "event": event.url,
        "event calendar": "/events/calendar/",
        "group": group.url,
        "search": "/search/?q=テスト",
        "not found": "/no-such-page/",
        "signage": "/signage/lobby/",
    }


def test_public_pages_report_no_content_security_policy_violation(live_server, site, browser_page):
    page = browser_page
    page.add_init_script(RECORD_VIOLATIONS)
    console = []
    page.on("console", lambda message: console.append(message.text))

    reports = {}
    for name, path in site.items():
        response = page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        images = page.evaluate(
            "[...document.images].filter(image => image.complete && image.naturalWidth).length"
        )
        reports[name] = (
            response.status,
            "frame-ancestors 'none'" in response.headers["content-security-policy"],
            images > 0,
            page.evaluate("window.cspViolations"),
        )
    csp_console_messages = [text for text in console if "Content Security Policy" in text]
    # The harness itself: script injected into the last page is blocked and reported.
    ran = page.evaluate(INJECT_INLINE_SCRIPT)

    with_photos = {"event", "group"}
    assert reports == {
        name: (404 if name == "not found" else 200, True, name in with_photos, []) for name in site
    }
    assert csp_console_messages == []
    assert (ran, page.evaluate("window.cspViolations")) == (False, ["script-src-elem inline"])
