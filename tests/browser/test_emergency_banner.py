"""The emergency banner in headless Chromium at 320 px, the narrowest phone WCAG reflow asks for:
visible above the content, passing axe-core (contrast included), announced once per visit."""

import pytest
from playwright.sync_api import expect

from home.loading.site import ensure_site_tree, section
from home.models import NoticeIndexPage
from tests.factories import NoticePageFactory

from .accessibility import axe_violations, blocking

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NARROWEST = 320
TITLE = "台風接近のため本日の催しはすべて中止します"
ANNOUNCEMENT = f"緊急のお知らせ：{TITLE}"
# The script waits half a second before it fills the live region; this is comfortably longer.
ANNOUNCE_WAIT_MS = 1500


@pytest.fixture
def emergency(transactional_db):
    ensure_site_tree()
    notice = NoticePageFactory(parent=section(NoticeIndexPage), title=TITLE, priority="emergency")
    notice.save_revision().publish()
    return notice


def test_the_banner_is_visible_at_320px_and_passes_axe(live_server, browser_page, emergency):
    page = browser_page
    page.set_viewport_size({"width": NARROWEST, "height": 640})

    page.goto(f"{live_server.url}/")

    banner = page.get_by_role("region", name="緊急のお知らせ")
    expect(banner).to_be_visible()
    expect(banner.get_by_role("link", name=TITLE)).to_have_attribute("href", emergency.url)
    assert banner.bounding_box()["y"] < page.locator("main").bounding_box()["y"]
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROWEST
    assert blocking(axe_violations(page)) == []


def test_the_banner_is_announced_once_per_visit(live_server, browser_page, emergency):
    page = browser_page
    announcer = page.locator("[data-emergency-announcer]")

    page.goto(f"{live_server.url}/")
    expect(announcer).to_have_text(ANNOUNCEMENT)
    page.goto(f"{live_server.url}/search/?q=防災")
    page.wait_for_timeout(ANNOUNCE_WAIT_MS)

    expect(page.get_by_role("region", name="緊急のお知らせ")).to_be_visible()
    expect(announcer).to_have_text("")
