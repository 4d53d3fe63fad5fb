"""Headless Chromium for tests that drive the real site and admin through pytest-django's live_server.

Debian's Chromium is launched directly (`playwright install` cannot download browsers here), and
every test leaves a screenshot of where it ended in test-artifacts/screenshots/.
"""

import os
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import sync_playwright

# Playwright's sync API runs an asyncio loop in the test thread; without this Django refuses
# the ORM calls that tests make between browser steps.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS_DIR = Path(__file__).resolve().parents[2] / "test-artifacts"
SCREENSHOTS_DIR = ARTIFACTS_DIR / "screenshots"


@pytest.fixture(scope="session")
def chromium_browser(django_db_setup):
    test_database_connections = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        # Django keeps connections per thread, but per context once an asyncio loop runs in the
        # thread, and Playwright leaves its loop running here. Tests would otherwise get new
        # connection objects without the test database's serialized contents, and
        # serialized_rollback would silently restore nothing after a flush.
        for alias, connection in test_database_connections.items():
            connections[alias] = connection
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_page(request, chromium_browser):
    """A fresh browser context per test, as a Japanese visitor in Tokyo would have."""
    context = chromium_browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="ja-JP", timezone_id="Asia/Tokyo"
    )
    page = context.new_page()
    SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    yield page
    try:
        page.screenshot(path=SCREENSHOTS_DIR / f"{request.node.name}.png", full_page=True)
    finally:
        context.close()
