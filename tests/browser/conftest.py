"""Headless Chromium for tests that drive the real site and admin through pytest-django's live_server.

Debian's Chromium is launched directly (`playwright install` cannot download browsers here), and
every test leaves a screenshot of where it ended in test-artifacts/screenshots/.
"""

import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.test import override_settings
from playwright.sync_api import sync_playwright
from pytest_django.live_server_helper import LiveServer

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


def reset_database(contents):
    """The database as `contents` (serialized) holds it, as serialized_rollback leaves it."""
    call_command(
        "flush", interactive=False, verbosity=0, reset_sequences=False, inhibit_post_migrate=True
    )
    connection.creation.deserialize_db_from_string(contents)


@pytest.fixture(scope="module")
def demo_server(django_db_setup, django_db_blocker):
    """The plan and the sample content, loaded once for a module of browser tests and served by a
    live server of the module's own.

    Loading them again for every test (transactional_db) cost about a minute a test under CI's
    load. So the tests of such a module only read: they use `db` for their own queries, and a
    write of theirs would stay in their transaction, unseen by the server. The database starts
    from what the migrations made (a transactional test before may have emptied it) and is put
    back to that afterwards. Under xdist, run with `--dist loadgroup` and one xdist_group mark
    per module, so that its tests share one load."""
    with django_db_blocker.unblock():
        # Kept by pytest-django when any test of the session uses serialized_rollback.
        migrated = getattr(connection, "_test_serialized_contents", None)
        migrated = migrated or connection.creation.serialize_db_to_string()
        reset_database(migrated)
        call_command("load_plan", verbosity=0)
        call_command("load_demo", verbosity=0)
        server = LiveServer("localhost")
        # The server's own address is the public one, so the absolute links it gives (API `url`
        # fields, feeds, the widget's links) open in the browser.
        public_address = override_settings(PUBLIC_BASE_URL=server.url)
        public_address.enable()
        try:
            yield server
        finally:
            public_address.disable()
            server.stop()
            reset_database(migrated)
