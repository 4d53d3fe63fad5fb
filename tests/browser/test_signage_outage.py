"""A signage screen through a database outage: while the API answers 503 with its outage body, the
screen keeps the last content and its slides, shows when it last updated, keeps retrying, and
shows what changed meanwhile as soon as the API answers again.

The API's answer is replaced in the browser (Playwright's route) by exactly what the production
server sends when the database is cut (tests/reliability/test_database_outage.py tests that server side).
Refused connections and other 5xx answers are in tests/browser/test_signage_screen.py.
"""

import datetime as dt
import json
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from home.loading.site import ensure_site_tree
from home.models import EventIndexPage
from reliability.responses import API_CODE, API_MESSAGE, RETRY_AFTER_SECONDS
from signage.models import SignageScreen
from tests.factories import VenueFactory, event_with_sessions

from .conftest import SCREENSHOTS_DIR

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Polls every second; after a failure it retries after 1, 2, 4, ... seconds.
FAST = "?poll=1&slide=60&heartbeat=60"
API = re.compile(r"/graphql/")
OUTAGE_ANSWER = {
    "status": 503,
    "headers": {"Retry-After": str(RETRY_AFTER_SECONDS)},
    "content_type": "application/json",
    "body": json.dumps({"errors": [{"message": API_MESSAGE, "extensions": {"code": API_CODE}}]}),
}


@pytest.fixture
def hall(transactional_db, settings):
    settings.SIGNAGE_TIMING_OVERRIDES = True
    ensure_site_tree()
    return VenueFactory(name="きらり鎌ケ谷市民会館", slug="kirari")


def event_at(hall, title, starts_in, hours=1):
    starts_at = timezone.now() + starts_in
    return event_with_sessions(
        EventIndexPage.objects.get(),
        (starts_at, starts_at + dt.timedelta(hours=hours)),
        title=title,
        venue=hall,
        room="和室",
    )


@pytest.fixture
def lobby(hall):
    event_at(hall, "囲碁の会", starts_in=-dt.timedelta(hours=1), hours=2)
    # Open around the clock, so the test does not depend on when it runs.
    return SignageScreen.objects.create(
        name="1階ロビー",
        slug="lobby",
        venue=hall,
        orientation="landscape",
        seconds_per_slide=60,
        opens_at=dt.time(0, 0),
        closes_at=dt.time(23, 59, 59),
    )


@pytest.fixture
def kiosk(request, chromium_browser):
    context = chromium_browser.new_context(
        viewport={"width": 1920, "height": 1080}, locale="ja-JP", timezone_id="UTC"
    )
    page = context.new_page()
    script_errors = []
    page.on("pageerror", lambda error: script_errors.append(str(error)))
    yield page
    SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS_DIR / f"{request.node.name}.png")
    context.close()
    assert script_errors == []


def slides_text(page):
    return page.locator("#slides").text_content()


def test_the_screen_keeps_its_content_through_an_outage_and_shows_changes_after_it(
    live_server, hall, lobby, kiosk
):
    kiosk.goto(f"{live_server.url}/signage/lobby/{FAST}")
    expect(kiosk.locator("body")).to_have_attribute("data-state", "fresh")
    before = slides_text(kiosk)
    outage_answers = []

    def database_outage(route):
        outage_answers.append(route.request.url)
        route.fulfill(**OUTAGE_ANSWER)

    kiosk.route(API, database_outage)
    event_at(hall, "午後の合唱", starts_in=dt.timedelta(minutes=10))
    stale = kiosk.locator("#stale")
    expect(stale).to_have_text(re.compile(r"^最終更新 \d\d:\d\d$"), timeout=6000)
    # Retried after 1 s and then 2 s, and still showing the content it had.
    kiosk.wait_for_timeout(3500)
    during = slides_text(kiosk)
    shown_text = kiosk.locator("body").inner_text()

    kiosk.unroute(API)
    expect(stale).to_be_hidden(timeout=10000)

    assert len(outage_answers) >= 3, outage_answers
    assert during == before
    assert "囲碁の会" in during and "午後の合唱" not in during
    assert not any(word in shown_text for word in ("503", "unavailable", "database", "エラー"))
    expect(kiosk.locator("body")).to_have_attribute("data-state", "fresh")
    expect(kiosk.locator("#slides")).to_contain_text("午後の合唱")
