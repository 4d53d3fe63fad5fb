"""`python -m bench.probe`: what one scale of the bench database holds, and SQL per request.

Run by the driver in a process of its own with the bench settings and the response cache off,
so each endpoint does its full work. Each request is made twice with Django's test client and
the second is counted: the first makes what a running server already has (renditions, the
ContactSettings row, Wagtail's per-process caches). Prints one JSON object.
"""

import datetime as dt
import json
import os
import sys
import time

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
os.environ["RESPONSE_CACHE_SECONDS"] = "0"

import django

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from home.models import EventIndexPage, EventPage, EventSession, GroupPage, Venue  # noqa: E402
from signage.models import SignageScreen  # noqa: E402
from signage.query import SCREEN_QUERY_ID  # noqa: E402

from . import endpoints  # noqa: E402

BENCH_SCREEN_SLUG = "bench-lobby"


def signage_screen():
    """An active screen at the venue with the most events; made once if the data has none."""
    existing = SignageScreen.objects.active().order_by("pk").first()
    if existing:
        return existing
    venue = Venue.objects.annotate(events_here=Count("events")).order_by("-events_here").first()
    return SignageScreen.objects.create(
        slug=BENCH_SCREEN_SLUG,
        name="ベンチマーク用画面",
        venue=venue,
        opens_at=dt.time(0, 0),
        closes_at=dt.time(23, 59),
    )


def detail_event():
    """The next public event, preferring one with a venue and an image (the fullest payload)."""
    upcoming = EventPage.objects.upcoming()
    return upcoming.filter(venue__isnull=False, image__isnull=False).first() or upcoming.first()


def targets():
    event = detail_event()
    index = EventIndexPage.objects.public().first()
    if event is None or index is None:
        sys.exit("The bench database has no public upcoming events; generate data first.")
    return {
        "event_slug": event.slug,
        "signage_screen": signage_screen().slug,
        "signage_query_id": SCREEN_QUERY_ID,
        "events_page_path": index.url,
    }


def request(client, endpoint):
    if endpoint.method == "POST":
        return client.post(endpoint.path, endpoint.body, content_type="application/json")
    return client.get(endpoint.path)


def measure(client, endpoint):
    request(client, endpoint)
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        response = request(client, endpoint)
    return {
        "status": response.status_code,
        "sql": len(captured.captured_queries),
        "bytes": len(response.content),
        # One request alone, without HTTP or queueing: what wrk's latency is made of.
        "in_process_ms": round((time.perf_counter() - started) * 1000, 1),
    }


def scale():
    return {
        "sessions": EventSession.objects.count(),
        "events": EventPage.objects.count(),
        "groups": GroupPage.objects.count(),
        "upcoming_events": EventPage.objects.upcoming().count(),
    }


def postgres_version():
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


def main():
    found = targets()
    client = Client()
    counts = {endpoint.name: measure(client, endpoint) for endpoint in endpoints.build(found)}
    report = {
        "scale": scale(),
        "targets": found,
        "endpoints": counts,
        "postgres": postgres_version(),
    }
    json.dump(report, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
