"""Stock @apollo/client (npm, pinned in package-lock.json) with automatic persisted queries, run
in Node against gunicorn with the production settings and Redis: the first use of a query meets
PersistedQueryNotFound and registers it by POST, every later use is one GET by hash, answered
200 (and so cacheable by the browser and any proxy)."""

import datetime as dt
import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.utils import timezone

from home.loading.site import ensure_site_tree, section
from home.models import EventIndexPage
from tests.app_servers import app_server
from tests.factories import event_with_sessions

from .test_apq import APP_SERVER_REDIS, not_found

ROOT = Path(__file__).resolve().parents[2]
APOLLO_CLIENT = ROOT / "node_modules" / "@apollo" / "client"
SCRIPT = Path(__file__).resolve().parent / "clients" / "apollo_apq.mjs"
# The client's document as it sends it: InMemoryCache adds __typename, then Apollo prints it.
SENT_DOCUMENT = (
    "query EventTitle($slug: String!) {\n  event(slug: $slug) {\n    title\n    __typename\n  }\n}"
)
SENT_HASH = hashlib.sha256(SENT_DOCUMENT.encode()).hexdigest()
PERSISTED_QUERY = {"version": 1, "sha256Hash": SENT_HASH}
PUBLIC = "public, max-age=30, stale-while-revalidate=60"


def by_hash(status, cache_control, body):
    """A request Apollo made by GET with the hash alone, and what it got."""
    return {
        "method": "GET",
        "status": status,
        "operationName": "EventTitle",
        "query": None,
        "persistedQuery": PERSISTED_QUERY,
        "cacheControl": cache_control,
        "body": body,
    }


def run_apollo_client(url, uses):
    node = shutil.which("node")
    if node is None or not APOLLO_CLIENT.exists():
        raise RuntimeError(
            f"node and {APOLLO_CLIENT} are needed: run `make test` (it runs `npm ci`)."
        )
    result = subprocess.run(
        [node, str(SCRIPT), f"{url}/graphql/", json.dumps(uses)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def server_events():
    ensure_site_tree()
    starts_at = timezone.now() + dt.timedelta(days=2)
    for title, slug in (("清掃活動", "seisou"), ("防災講座", "bousai")):
        event_with_sessions(
            section(EventIndexPage),
            (starts_at, starts_at + dt.timedelta(hours=2)),
            title=title,
            slug=slug,
        )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.xdist_group("apq-app-server")
def test_apollo_registers_a_query_once_then_gets_it_by_hash(server_events):
    redis.Redis.from_url(APP_SERVER_REDIS).flushdb()
    with app_server(APP_SERVER_REDIS, PUBLIC_BASE_URL=settings.PUBLIC_BASE_URL) as url:
        uses = run_apollo_client(url, [{"slug": "seisou"}, {"slug": "seisou"}, {"slug": "bousai"}])

    seisou = {"event": {"title": "清掃活動", "__typename": "Event"}}
    bousai = {"event": {"title": "防災講座", "__typename": "Event"}}
    assert uses == [
        {
            "requests": [
                by_hash(400, None, not_found(SENT_HASH)),
                {
                    "method": "POST",
                    "status": 200,
                    "operationName": "EventTitle",
                    "query": SENT_DOCUMENT,
                    "persistedQuery": PERSISTED_QUERY,
                    "cacheControl": None,
                    "body": {"data": seisou},
                },
            ],
            "data": seisou,
        },
        {"requests": [by_hash(200, PUBLIC, {"data": seisou})], "data": seisou},
        {"requests": [by_hash(200, PUBLIC, {"data": bousai})], "data": bousai},
    ]
