"""The load test's workload: weighted kinds of request, each with many concrete variants.

Plain Python (no Django), built from what bench/loadtargets.py found in the load database, and
written as a Lua table for bench/wrk/mixed.lua. wrk picks a kind by weight, then one of its
variants at random.

The weights are our estimate of a day's traffic, not a measurement (there are no production logs
yet): mostly people on the website, then partner and school sites on the API, calendar apps and
open-data portals on the feeds, and the civic centre's screens polling and reporting in. The
variants (many events and groups, filter combinations, offsets, months) keep the shared response
cache honest: within its 60 seconds a popular request is a hit and a rarer one a miss, as in
production, rather than every request after the first being served from Redis.
"""

import datetime as dt
import json
from dataclasses import dataclass
from urllib.parse import urlencode

from graphql_api.persisted import find_persisted

WEBSITE, GRAPHQL, SIGNAGE, FEEDS = "website", "graphql", "signage", "feeds"
JSON_HEADERS = (("Content-Type", "application/json"),)
EVENT_LIST = find_persisted("EventList")
EVENT_DETAIL = find_persisted("EventDetail")
SIGNAGE_SCREEN = find_persisted("SignageScreen")
# A partner's own group directory: the API's group list with the directory page's filters.
GROUP_LIST_QUERY = """
query LoadGroups($filters: GroupFilter, $offset: Int = 0) {
  groups(filters: $filters, pagination: {offset: $offset, limit: 20}) {
    totalCount
    results {
      id name nameKana summary url recruiting isSample
      district { name }
      activityFields { number name }
      logo { alt rendition(preset: THUMBNAIL) { url width height } }
    }
  }
}
"""
# A partner's page about one group: its profile and the events it organises.
GROUP_DETAIL_QUERY = """
query LoadGroup($slug: String!) {
  group(slug: $slug) {
    id name summary url meetingSchedule meetingPlace recruiting isSample
    description { html }
    district { name }
    activityFields { number name }
    contact { name phone email website }
    events { title url sessions { startsAt endsAt allDay } }
  }
}
"""
ACTION_SAMPLE = (1, 5, 12, 22)
MONTHS_AHEAD = 6


@dataclass(frozen=True)
class Call:
    """One concrete request, as wrk sends it."""

    method: str
    path: str
    headers: tuple = ()
    body: str | None = None


@dataclass(frozen=True)
class Kind:
    """A kind of request: its share of the traffic and the variants it is drawn from."""

    name: str
    channel: str
    weight: int
    calls: tuple

    def describe(self):
        return {
            "name": self.name,
            "channel": self.channel,
            "weight": self.weight,
            "variants": len(self.calls),
        }


def with_query(path, params):
    return f"{path}?{urlencode(params)}" if params else path


def get(path, params=None, headers=()):
    return Call("GET", with_query(path, params), headers)


def days_after(today, days):
    return (today + dt.timedelta(days=days)).isoformat()


def graphql_post(query, variables):
    body = json.dumps({"query": query, "variables": variables}, ensure_ascii=False)
    return Call("POST", "/graphql/", JSON_HEADERS, body)


def graphql_persisted(identifier, variables, headers=()):
    """A persisted query by GET: only its name or hash and the variables, as consumers send it."""
    params = {"id": identifier, "variables": json.dumps(variables, ensure_ascii=False)}
    return get("/graphql/", params, headers)


def months_from(today, count):
    """(year, month) of this Tokyo month and the `count - 1` after it."""
    months, year, month = [], today.year, today.month
    for _ in range(count):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def event_list_filters(targets, today):
    """The filter combinations a visitor of /events/ picks (the page's own parameter names)."""
    audiences = targets["audiences"]
    ranges = [
        {"date_from": today.isoformat(), "date_to": days_after(today, 6)},
        {"date_from": today.isoformat(), "date_to": days_after(today, 30)},
        {"date_from": days_after(today, 30), "date_to": days_after(today, 60)},
    ]
    return [
        {},
        {"page": "2"},
        {"page": "3"},
        *ranges,
        *({"audience": slug} for slug in audiences),
        *({"venue": slug} for slug in targets["venues"]),
        *({"action": str(number)} for number in ACTION_SAMPLE),
        *({"audience": slug, **ranges[1]} for slug in audiences[:3]),
    ]


def feed_filters(targets, today):
    """The feeds' parameters as calendar apps and open-data portals subscribe with them."""
    return [
        {},
        {"forSchools": "true"},
        {"from": today.isoformat(), "to": days_after(today, 30)},
        *({"audience": slug} for slug in targets["audiences"][:3]),
        *({"venue": slug} for slug in targets["venues"][:3]),
        *({"group": slug} for slug in targets["organiser_slugs"][:3]),
        *({"action": str(number)} for number in ACTION_SAMPLE),
    ]


def website_kinds(targets, today):
    events_index, groups_index = targets["events_index"], targets["groups_index"]
    calendar_months = [
        get(f"{events_index}calendar/{year}/{month}/")
        for year, month in months_from(today, MONTHS_AHEAD)
    ]
    calendar_filtered = [
        get(f"{events_index}calendar/", {"audience": slug}) for slug in targets["audiences"][:3]
    ]
    group_filters = [
        {},
        {"page": "2"},
        {"recruiting": "on"},
        *({"activity_field": str(number)} for number in targets["activity_fields"][:6]),
        *({"district": name} for name in targets["districts"][:6]),
    ]
    return [
        Kind("home", WEBSITE, 9, (get("/"),)),
        Kind(
            "events-list",
            WEBSITE,
            8,
            tuple(get(events_index, params) for params in event_list_filters(targets, today)),
        ),
        Kind("event-page", WEBSITE, 14, tuple(get(path) for path in targets["event_pages"])),
        Kind(
            "calendar-month",
            WEBSITE,
            5,
            (get(f"{events_index}calendar/"), *calendar_months, *calendar_filtered),
        ),
        Kind(
            "group-directory",
            WEBSITE,
            5,
            tuple(get(groups_index, params) for params in group_filters),
        ),
        Kind("group-page", WEBSITE, 6, tuple(get(path) for path in targets["group_pages"])),
        Kind("action-page", WEBSITE, 5, tuple(get(path) for path in targets["action_pages"])),
    ]


def event_list_variables(targets, today):
    audiences = targets["audiences"]
    month = {"from": today.isoformat(), "to": days_after(today, 30)}
    return [
        *({"offset": offset} for offset in range(0, 100, 20)),
        {"limit": 50},
        {"from": today.isoformat(), "to": days_after(today, 6)},
        month,
        *({"audience": slug} for slug in audiences),
        *({"audience": slug, **month} for slug in audiences[:3]),
    ]


def graphql_kinds(targets, today):
    list_variables = event_list_variables(targets, today)
    event_slugs = targets["event_slugs"]
    group_filters = [
        {},
        {"recruiting": True},
        *({"activityField": number} for number in targets["activity_fields"][:6]),
        *({"district": name} for name in targets["districts"][:6]),
    ]
    return [
        Kind(
            "graphql-events-post",
            GRAPHQL,
            5,
            tuple(graphql_post(EVENT_LIST.document, variables) for variables in list_variables),
        ),
        Kind(
            "graphql-events-get",
            GRAPHQL,
            5,
            tuple(graphql_persisted(EVENT_LIST.name, variables) for variables in list_variables),
        ),
        Kind(
            "graphql-event-post",
            GRAPHQL,
            4,
            tuple(graphql_post(EVENT_DETAIL.document, {"slug": slug}) for slug in event_slugs),
        ),
        Kind(
            "graphql-event-get",
            GRAPHQL,
            4,
            tuple(graphql_persisted(EVENT_DETAIL.name, {"slug": slug}) for slug in event_slugs),
        ),
        Kind(
            "graphql-students-get",
            GRAPHQL,
            2,
            tuple(graphql_persisted("ForStudents", {"offset": offset}) for offset in (0, 50)),
        ),
        Kind(
            "graphql-groups-post",
            GRAPHQL,
            2,
            tuple(
                graphql_post(GROUP_LIST_QUERY, {"filters": filters, "offset": offset})
                for filters in group_filters
                for offset in (0, 20)
            ),
        ),
        Kind(
            "graphql-group-post",
            GRAPHQL,
            2,
            tuple(
                graphql_post(GROUP_DETAIL_QUERY, {"slug": slug}) for slug in targets["group_slugs"]
            ),
        ),
    ]


def signage_poll(screen, etag):
    """The kiosk's poll (static/signage): by hash, naming its screen, with the ETag it holds."""
    headers = [("Accept", "application/json"), ("X-Signage-Screen", screen)]
    if etag:
        headers.append(("If-None-Match", etag))
    return graphql_persisted(SIGNAGE_SCREEN.sha256, {"screen": screen}, tuple(headers))


def signage_heartbeat(screen, content_version):
    body = json.dumps({"contentVersion": content_version, "uptimeSeconds": 3600})
    return Call("POST", f"/signage/{screen}/heartbeat", JSON_HEADERS, body)


def signage_kinds(screens):
    """`screens` maps each screen's slug to (ETag, contentVersion) of the content it shows.

    Screens poll and report in once a minute each, so the two kinds weigh the same.
    """
    return [
        Kind(
            "signage-poll",
            SIGNAGE,
            5,
            tuple(signage_poll(slug, etag) for slug, (etag, _) in screens.items()),
        ),
        Kind(
            "signage-heartbeat",
            SIGNAGE,
            5,
            tuple(signage_heartbeat(slug, version) for slug, (_, version) in screens.items()),
        ),
    ]


def feed_kinds(targets, today):
    filters = feed_filters(targets, today)
    limited = [*filters, {"limit": "20"}, {"limit": "100"}]
    return [
        Kind("feed-ics", FEEDS, 4, tuple(get("/feeds/events.ics", params) for params in filters)),
        Kind("feed-json", FEEDS, 4, tuple(get("/feeds/events.json", params) for params in limited)),
        Kind("feed-rss", FEEDS, 4, tuple(get("/feeds/events.rss", params) for params in limited)),
        Kind("feed-csv", FEEDS, 2, tuple(get("/feeds/events.csv", params) for params in filters)),
    ]


def build(targets, screens):
    """Every kind of request, in report order; weights are percentages and add up to 100."""
    today = dt.date.fromisoformat(targets["today"])
    return [
        *website_kinds(targets, today),
        *graphql_kinds(targets, today),
        *signage_kinds(screens),
        *feed_kinds(targets, today),
    ]


def lua_string(text):
    """A Lua string literal of any text: printable ASCII as it is, every other byte as \\ddd."""
    escaped = "".join(
        chr(byte) if 32 <= byte < 127 and chr(byte) not in '"\\' else f"\\{byte:03d}"
        for byte in text.encode("utf-8")
    )
    return f'"{escaped}"'


def lua_call(call):
    headers = ", ".join(
        f"[{lua_string(name)}] = {lua_string(value)}" for name, value in call.headers
    )
    fields = [
        f"method = {lua_string(call.method)}",
        f"path = {lua_string(call.path)}",
        f"headers = {{{headers}}}",
    ]
    if call.body is not None:
        fields.append(f"body = {lua_string(call.body)}")
    return "{" + ", ".join(fields) + "}"


def lua_mix(kinds):
    """The mix as a Lua chunk returning {{name, weight, calls}, …}, read by bench/wrk/mixed.lua."""
    lines = ["return {"]
    for kind in kinds:
        lines.append(f"  {{name = {lua_string(kind.name)}, weight = {kind.weight}, calls = {{")
        lines.extend(f"    {lua_call(call)}," for call in kind.calls)
        lines.append("  }},")
    lines.append("}")
    return "\n".join(lines) + "\n"
