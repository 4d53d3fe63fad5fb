"""`make serve` from the Makefile, as the city's IT runs it, with PUBLIC_BASE_URL set: every absolute
URL in every channel is on that address, whatever Host the requests came with.

The server gets a database of its own (it migrates it and loads the plan and the sample content),
its own Redis database and media folder; requests go to 127.0.0.1:<port>, an address nobody
outside would use, so a URL built from the request's Host would show.
"""

import json
import os
import re
import signal
import subprocess
import time
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
import redis
import requests
from django.db import connection

from bench.server import free_port

ROOT = Path(__file__).resolve().parents[2]
PUBLIC = "https://portal.example.jp"
REDIS_URL = "redis://127.0.0.1:6379/11"
# migrate, the plan and the sample content, collectstatic, then gunicorn.
STARTUP_SECONDS = 420
# Addresses that are names, not links: XML namespaces and format versions.
NOT_LINKS = (
    "http://www.sitemaps.org/schemas/",
    "http://www.w3.org/",
    "https://jsonfeed.org/version/",
    "http://purl.org/rss/",
    "https://schema.org",
    "http://schema.org",
)
ABSOLUTE_URL = re.compile(r"https?://[^\s\"'<>),\\]+")
# Where a URL built from the request would point: the address the test connects to.
REQUEST_HOSTS = {"127.0.0.1", "localhost", "testserver"}
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
API_QUERY = """
{
  events(pagination: {limit: 100}) { results { url image { url srcset } organisers { url } } }
  groups(pagination: {limit: 100}) { results { url logo { url } photos { image { url } } } }
  notices { results { url } }
  actions { url }
  visions { url }
}
"""


@pytest.fixture
def serve_database(tmp_path):
    """A database for `make serve` alone: PostgreSQL when the tests run on it, else SQLite."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'serve.sqlite3'}"
        return
    name = f"kamagaya_serve_{uuid.uuid4().hex[:8]}"
    admin = "postgres://postgres@127.0.0.1:5432/postgres"
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def served(serve_database, tmp_path):
    port = free_port()
    env = {
        **{name: value for name, value in os.environ.items() if not name.startswith("DJANGO_")},
        "PUBLIC_BASE_URL": PUBLIC,
        "DATABASE_URL": serve_database,
        "REDIS_URL": REDIS_URL,
        "MEDIA_ROOT": str(tmp_path / "media"),
        "WEB_CONCURRENCY": "2",
    }
    log_path = tmp_path / "make-serve.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            ["make", "serve", f"PORT={port}"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # make, gunicorn and its workers: one group to stop
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_for(process, base_url, log_path)
        yield base_url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        redis.Redis.from_url(REDIS_URL).flushdb()


def wait_for(process, base_url, log_path):
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"make serve stopped:\n{log_path.read_text()[-4000:]}")
        try:
            if requests.get(f"{base_url}/readyz", timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(1)
    raise AssertionError(f"make serve did not answer:\n{log_path.read_text()[-4000:]}")


def links_in(text):
    return {url for url in ABSOLUTE_URL.findall(text) if not url.startswith(NOT_LINKS)}


def fetched(base_url, path, **options):
    response = requests.get(base_url + path, timeout=30, **options)
    assert response.status_code == 200, (path, response.status_code, response.text[:500])
    return response


def test_make_serve_gives_every_channel_the_public_address_only(served):
    pages = [
        loc.text
        for loc in ET.fromstring(fetched(served, "/sitemap.xml").content).iter(f"{SITEMAP}loc")
    ]
    # The plan's 27 pages, the three sections, the home page, and the sample groups and events.
    assert len(pages) > 100
    assert {url for url in pages if not url.startswith(PUBLIC + "/")} == set()
    robots = fetched(served, "/robots.txt").text
    assert f"Sitemap: {PUBLIC}/sitemap.xml" in robots.splitlines()

    found = {}
    for url in pages[:: max(1, len(pages) // 12)]:  # every kind of page, not all 150
        html = fetched(served, url.removeprefix(PUBLIC)).text
        canonical = re.search(r'<link rel="canonical" href="([^"]+)"', html)
        assert canonical and canonical.group(1) == url
        found[url] = links_in(html)
    for path in (
        "/feeds/events.rss",
        "/feeds/events.json",
        "/feeds/events.ics",
        "/feeds/events.csv",
    ):
        found[path] = links_in(fetched(served, path).text)
    api = requests.post(f"{served}/graphql/", json={"query": API_QUERY}, timeout=30)
    assert api.status_code == 200 and "errors" not in api.json(), api.text[:500]
    found["/graphql/"] = links_in(json.dumps(api.json(), ensure_ascii=False))

    # Every channel links to the portal, on its public address; other links are the content's own
    # (a group's website, an event's registration page), never the address the request came to.
    portal_links = {
        where: {url for url in links if url.startswith(PUBLIC + "/")}
        for where, links in found.items()
    }
    assert [where for where, links in portal_links.items() if not links] == []
    to_request_host = {
        where: sorted(url for url in links if urlsplit(url).hostname in REQUEST_HOSTS)
        for where, links in found.items()
    }
    assert {where: urls for where, urls in to_request_host.items() if urls} == {}
    everything = "".join(fetched(served, path).text for path in ("/", "/feeds/events.json"))
    assert "127.0.0.1" not in everything and "localhost" not in everything
