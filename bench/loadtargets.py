"""`python -m bench.loadtargets`: what the load test asks for, read from the load database.

Run by bench/loadtest.py in a process of its own with the bench settings, pointed at the load
test's database. Makes sure the signage screens the mix polls exist, then prints one JSON object
of public page paths and filter values; bench/loadmix.py turns it into weighted requests. Every
list comes from home/queries.py, so the mix asks only for what the public may see: each request
should answer 2xx, and a 4xx in the run means the mix or the site is wrong.
"""

import datetime as dt
import json
import os
import sys
from urllib.parse import quote

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"

import django

django.setup()

from django.db.models import Count  # noqa: E402

from home.models import (  # noqa: E402
    ActionPage,
    ActivityField,
    Audience,
    District,
    EventIndexPage,
    EventPage,
    GroupIndexPage,
    GroupPage,
    Venue,
)
from jp.time import tokyo_today  # noqa: E402
from signage.models import SignageScreen  # noqa: E402

from . import probe  # noqa: E402

# Enough distinct event and group pages that, at the mix's weights, a good share of them is not
# yet in the 60-second response cache when asked for: the misses production also has.
PAGE_SAMPLE = 200
# One per busy venue, like the civic centre's screens; each polls and reports in.
SCREEN_COUNT = 4
SCREEN_SLUG_PREFIX = "load-screen-"
FILTER_SAMPLE = 6


def signage_screens():
    """Active screens at the venues with the most events, made once (the load database only)."""
    busiest = Venue.objects.annotate(events_here=Count("events")).order_by("-events_here", "pk")
    for number, venue in enumerate(busiest[:SCREEN_COUNT], start=1):
        SignageScreen.objects.get_or_create(
            slug=f"{SCREEN_SLUG_PREFIX}{number}",
            defaults={
                "name": f"負荷試験用画面{number}",
                "venue": venue,
                # Open around the clock: a closed screen's content is a different, smaller query.
                "opens_at": dt.time(0, 0),
                "closes_at": dt.time(23, 59),
            },
        )
    screens = SignageScreen.objects.active().filter(slug__startswith=SCREEN_SLUG_PREFIX)
    return list(screens.order_by("slug").values_list("slug", flat=True))


def request_path(page):
    """The page's public path as it goes on the request line: Japanese slugs percent-encoded."""
    return quote(page.url, safe="/")


def page_paths(pages):
    return [request_path(page) for page in pages[:PAGE_SAMPLE] if page.url]


def slugs(pages):
    return [page.slug for page in pages[:PAGE_SAMPLE]]


def targets():
    events = EventPage.objects.upcoming()
    groups = GroupPage.objects.find()
    organising = groups.filter(organised_events__isnull=False).distinct()
    events_index = EventIndexPage.objects.public().first()
    groups_index = GroupIndexPage.objects.public().first()
    if events_index is None or groups_index is None or not events.exists():
        sys.exit("The load database has no public events or section pages; generate data first.")
    venues_with_events = Venue.objects.filter(events__isnull=False).distinct().order_by("pk")
    return {
        "today": tokyo_today().isoformat(),
        "events_index": request_path(events_index),
        "groups_index": request_path(groups_index),
        "event_pages": page_paths(events),
        "event_slugs": slugs(events),
        "group_pages": page_paths(groups),
        "group_slugs": slugs(groups),
        "organiser_slugs": slugs(organising)[:FILTER_SAMPLE],
        "action_pages": page_paths(ActionPage.objects.public().order_by("number")),
        "audiences": list(Audience.objects.order_by("pk").values_list("slug", flat=True)),
        "venues": list(venues_with_events.values_list("slug", flat=True)[:FILTER_SAMPLE]),
        "districts": list(District.objects.order_by("pk").values_list("name", flat=True)),
        "activity_fields": list(
            ActivityField.objects.order_by("number").values_list("number", flat=True)
        ),
        "signage_screens": signage_screens(),
    }


def main():
    report = {"targets": targets(), "scale": probe.scale(), "postgres": probe.postgres_version()}
    json.dump(report, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
