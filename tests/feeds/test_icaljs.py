"""The .ics files read by Mozilla's ical.js (npm, pinned in package-lock.json), the parser behind
Thunderbird's calendar and many web calendars: a second reader nobody here wrote, next to the
icalendar library the other tests use."""

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import time_machine

from home.models import ContactSettings, GroupIndexPage
from jp.time import TOKYO
from tests.factories import GroupPageFactory, VenueFactory, event_with_sessions

NOW = dt.datetime(2026, 12, 20, 12, 0, tzinfo=TOKYO)
ICAL_JS = Path(__file__).resolve().parents[2] / "node_modules" / "ical.js" / "dist" / "ical.js"
CITY_EMAIL = "kyodo@city.kamagaya.example.jp"

# Reads the calendar on stdin the way a calendar app does: the VTIMEZONE registered, then each
# VEVENT as an ICAL.Event, its times converted to UTC through that time zone.
READER = """
import ICAL from %s;
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const calendar = new ICAL.Component(ICAL.parse(Buffer.concat(chunks).toString("utf-8")));
for (const zone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(new ICAL.Timezone(zone));
}
const utc = (time) => time.toJSDate().toISOString();
const events = calendar.getAllSubcomponents("vevent").map((component) => {
  const event = new ICAL.Event(component);
  const organizer = component.getFirstProperty("organizer");
  return {
    uid: event.uid,
    summary: event.summary,
    start: utc(event.startDate),
    end: utc(event.endDate),
    status: component.getFirstPropertyValue("status"),
    organizer: [organizer.type, organizer.getFirstValue(), organizer.getParameter("cn")],
    location: event.location,
    url: component.getFirstPropertyValue("url"),
  };
});
console.log(JSON.stringify({
  method: calendar.getFirstPropertyValue("method"),
  name: calendar.getFirstPropertyValue("x-wr-calname"),
  events,
}));
"""


def read_with_icaljs(body):
    node = shutil.which("node")
    if node is None or not ICAL_JS.exists():
        raise RuntimeError(f"node and {ICAL_JS} are needed: run `make test` (it runs `npm ci`).")
    script = READER % json.dumps(ICAL_JS.as_uri())
    result = subprocess.run(
        [node, "--input-type=module", "-e", script],
        input=body,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode()
    return json.loads(result.stdout)


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def at(day, hour):
    return dt.datetime(2027, 1, day, hour, tzinfo=TOKYO)


def utc(moment):
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@pytest.fixture
def events(index):
    """A course run by a group with an e-mail address, an online talk run by a group without one,
    and a cancelled walk no group runs; the city has an e-mail address."""
    contact = ContactSettings.load()
    contact.email = CITY_EMAIL
    contact.save()
    groups = GroupIndexPage.objects.get()
    course = event_with_sessions(
        index,
        (at(9, 10), at(9, 12)),
        (at(16, 10), at(16, 12)),
        title="親子で学ぶ防災講座",
        slug="bousai-kouza",
        venue=VenueFactory(name="きらり鎌ケ谷市民会館", address="鎌ケ谷市初富924-1"),
    )
    course.organisers.add(
        GroupPageFactory(parent=groups, title="わかば会", contact_email="wakaba@example.jp")
    )
    course.save()
    talk = event_with_sessions(
        index,
        (at(20, 19), at(20, 20)),
        title="オンライン講演会",
        slug="online-talk",
        venue=None,
        attendance_mode="online",
        online_url="https://meet.example.jp/talk",
    )
    talk.organisers.add(GroupPageFactory(parent=groups, title='"みどり"の会, 鎌ケ谷; 東:西'))
    talk.save()
    walk = event_with_sessions(
        index,
        (at(23, 9), at(23, 11)),
        title="まち歩き",
        slug="machiaruki",
        status="cancelled",
        venue=VenueFactory(name="新鎌ケ谷駅前広場", address=""),
    )
    return course, talk, walk


def test_icaljs_reads_every_session_with_its_organizer_and_tokyo_times(client, events):
    course, talk, walk = events
    first, second = course.sessions.order_by("starts_at")
    response = client.get("/feeds/events.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8; method=PUBLISH"

    def session(event, session, summary, status, organizer, location):
        return {
            "uid": f"{session.uid}@kamagaya-kyodo",
            "summary": summary,
            "start": utc(session.starts_at),
            "end": utc(session.ends_at),
            "status": status,
            "organizer": ["cal-address", *organizer],
            "location": location,
            "url": f"http://localhost/events/{event.slug}/",
        }

    course_organizer = ["mailto:wakaba@example.jp", "わかば会"]
    venue = "きらり鎌ケ谷市民会館, 鎌ケ谷市初富924-1"
    assert read_with_icaljs(response.content) == {
        "method": "PUBLISH",
        "name": "かまがや協働ポータル イベント",
        "events": [
            session(course, first, "親子で学ぶ防災講座", "CONFIRMED", course_organizer, venue),
            session(course, second, "親子で学ぶ防災講座", "CONFIRMED", course_organizer, venue),
            session(
                talk,
                talk.sessions.get(),
                "オンライン講演会",
                "CONFIRMED",
                [f"mailto:{CITY_EMAIL}", '"みどり"の会, 鎌ケ谷; 東:西'],
                "https://meet.example.jp/talk",
            ),
            session(
                walk,
                walk.sessions.get(),
                "【中止】まち歩き",
                "CANCELLED",
                [f"mailto:{CITY_EMAIL}", "鎌ケ谷市市民生活部市民活動推進課"],
                "新鎌ケ谷駅前広場",
            ),
        ],
    }


def test_icaljs_reads_an_event_file_without_any_email_address(client, index):
    event = event_with_sessions(index, (at(9, 10), at(9, 12)), title="防災フェア", slug="fair")
    response = client.get("/events/fair/calendar.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8; method=PUBLISH"
    calendar = read_with_icaljs(response.content)
    assert (calendar["method"], calendar["name"]) == ("PUBLISH", "防災フェア")
    assert [(item["summary"], item["start"], item["organizer"]) for item in calendar["events"]] == [
        (
            "防災フェア",
            "2027-01-09T01:00:00.000Z",
            [
                "cal-address",
                "http://localhost/events/fair/",
                "鎌ケ谷市市民生活部市民活動推進課",
            ],
        )
    ]
    assert event.sessions.count() == 1
