"""Two app servers, one PostgreSQL, one Redis: a publish through one shows on the other at once.

Both servers run gunicorn with the production settings, as separate processes, against the test
database and the real Redis on 127.0.0.1:6379 (database 14, emptied first).
"""

import datetime as dt
import json
import re

import pytest
import redis
import requests
from django.conf import global_settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from home.loading.site import ensure_site_tree, section
from home.models import ContactSettings, EventIndexPage
from tests.app_servers import app_server
from tests.factories import event_with_sessions

REDIS_URL = "redis://127.0.0.1:6379/14"
EVENT_QUERY = "query One($slug: String!) { event(slug: $slug) { title } }"
OLD_TITLE = "防災講座"
NEW_TITLE = "防災講座（会場変更）"
EDITOR_PASSWORD = "scale-out-test-password"

PRODUCTION_HASHERS = global_settings.PASSWORD_HASHERS

pytestmark = [
    # serialized_rollback: an earlier transactional test (a browser test) leaves an empty database.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="two app servers share one database: needs PostgreSQL, which `make test` uses "
        "whenever one answers on 127.0.0.1:5432",
    ),
]


@pytest.fixture
def draft_change():
    """A published event whose next revision, with a new title, waits unpublished."""
    ensure_site_tree()
    ContactSettings.load()
    soon = timezone.now() + dt.timedelta(days=3)
    event = event_with_sessions(
        section(EventIndexPage),
        (soon, soon + dt.timedelta(hours=2)),
        title=OLD_TITLE,
        slug="bousai",
    )
    event.title = NEW_TITLE
    event.save_revision()
    # Hashed as production hashes, since the servers run production's password hashers.
    with override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS):
        get_user_model().objects.create_superuser("editor", "editor@example.jp", EDITOR_PASSWORD)
    return event


@pytest.fixture
def empty_redis():
    redis.Redis.from_url(REDIS_URL).flushdb()


def event_title(server, session=requests):
    page = session.get(f"{server}/events/bousai/", timeout=10)
    api = session.get(
        f"{server}/graphql/",
        params={"query": EVENT_QUERY, "variables": json.dumps({"slug": "bousai"})},
        timeout=10,
    )
    page_title = re.search(r"<h1[^>]*>([^<]+)</h1>", page.text).group(1).strip()
    return (page_title, page.headers["X-Cache"]), (
        api.json()["data"]["event"]["title"],
        api.headers["X-Cache"],
    )


def logged_in(server):
    session = requests.Session()
    login_page = session.get(f"{server}/admin/login/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page.text).group(1)
    response = session.post(
        f"{server}/admin/login/",
        data={"csrfmiddlewaretoken": token, "username": "editor", "password": EDITOR_PASSWORD},
        headers={"Referer": f"{server}/admin/login/"},
        timeout=10,
    )
    assert response.url == f"{server}/admin/", "the editor could not log in"
    return session


def publish_through_admin(server, page):
    """Publish the page's latest revision with the admin's bulk action, as an editor would."""
    session = logged_in(server)
    action = f"{server}/admin/bulk/wagtailcore/page/publish/?id={page.pk}"
    confirmation = session.get(action, timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', confirmation.text).group(1)
    response = session.post(
        action,
        data={"csrfmiddlewaretoken": token},
        headers={"Referer": action},
        timeout=30,
        allow_redirects=False,
    )
    # Done: the admin sends the editor back to where they came from.
    assert response.status_code == 302, response.text[:500]


def test_a_publish_through_one_server_is_served_by_the_other_at_once(draft_change, empty_redis):
    with app_server(REDIS_URL) as first, app_server(REDIS_URL) as second:
        event_title(second)
        before = event_title(second)
        publish_through_admin(first, draft_change)
        after = event_title(second)

    assert before == ((OLD_TITLE, "hit"), (OLD_TITLE, "hit"))
    assert after == ((NEW_TITLE, "miss"), (NEW_TITLE, "miss"))
