"""The requests the benchmark measures, as wrk sends them and the SQL probe repeats them.

Plain Python (no Django), so the driver can build them from the targets the probe found in the
database: which event the detail asks for, which signage screen, which signage document.
"""

import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

QUERIES = Path(__file__).resolve().parent / "queries"
COLD, CACHED = "cold", "cached"
MODES = (COLD, CACHED)
# The list size every list endpoint serves, baselines included.
EVENT_LIMIT = 50
# Wagtail API v2's listing of the same events with the GraphQL list's fields (bench/wagtail_api.py).
WAGTAIL_PAGE_FIELDS = (
    "summary,status,status_label,is_sample,sessions,venue(name,address),audiences(slug,name),"
    "organisers(title,html_url),image_card"
)
WAGTAIL_EVENTS_PATH = (
    f"/api/v2/pages/?type=home.EventPage&fields={WAGTAIL_PAGE_FIELDS}&limit={EVENT_LIMIT}"
)


@dataclass(frozen=True)
class Endpoint:
    name: str
    label: str
    method: str
    path: str
    body: str | None = None
    # Baselines are measured without the response cache only: they stand for the work itself.
    modes: tuple = MODES


def graphql_body(document_name, variables):
    document = (QUERIES / f"{document_name}.graphql").read_text(encoding="utf-8")
    return json.dumps({"query": document, "variables": variables}, ensure_ascii=False)


def build(targets):
    """Every endpoint, in report order. `targets` is the probe's: event_slug, signage_screen,
    signage_query_id (the persisted query the kiosk polls) and events_page_path."""
    signage_query = urlencode(
        {
            "id": targets["signage_query_id"],
            "variables": json.dumps({"screen": targets["signage_screen"]}),
        }
    )
    return [
        Endpoint(
            "graphql-list",
            f"GraphQL events list ({EVENT_LIMIT})",
            "POST",
            "/graphql/",
            graphql_body("events_list", {"limit": EVENT_LIMIT}),
        ),
        Endpoint(
            "graphql-detail",
            "GraphQL event detail",
            "POST",
            "/graphql/",
            graphql_body("event_detail", {"slug": targets["event_slug"]}),
        ),
        # By GET with the persisted query's hash, as the kiosk polls it.
        Endpoint("graphql-signage", "GraphQL signage", "GET", f"/graphql/?{signage_query}"),
        Endpoint("ics", "ICS feed", "GET", "/feeds/events.ics"),
        Endpoint("events-page", "Website event list", "GET", targets["events_page_path"]),
        Endpoint(
            "baseline-list",
            f"Hand-written JSON ({EVENT_LIMIT})",
            "GET",
            "/bench/events.json",
            modes=(COLD,),
        ),
        Endpoint(
            "wagtail-list",
            f"Wagtail API v2 ({EVENT_LIMIT})",
            "GET",
            WAGTAIL_EVENTS_PATH,
            modes=(COLD,),
        ),
    ]


# bench.run --quick measures every endpoint, since each is in a target. Wagtail API v2 takes
# about a second a request alone: 8 clients complete next to none within a 3 s run, and working
# off their queue costs more than the run. Quick mode times it as issue 16 compares it: by one
# client, at the smallest scale.
QUICK_ONE_CLIENT_AT_SMALLEST_SCALE = ("wagtail-list",)

ENDPOINT_NAMES = (
    "graphql-list",
    "graphql-detail",
    "graphql-signage",
    "ics",
    "events-page",
    "baseline-list",
    "wagtail-list",
)
