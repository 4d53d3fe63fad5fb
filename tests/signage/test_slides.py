"""The slides of a signage screen, built once by the API (graphql_api/signage/slides.py) for the
kiosk page, its polls and the admin's previews: what each slide prints, and how the set changes
over the coming days without another request, so a screen cut off from the server moves on as
the server would have. The kiosk's script only shows them (tests/browser/test_signage_screen.py)."""

import datetime as dt

import pytest
import time_machine

from home.models import GroupIndexPage
from signage.models import SignageScreen
from signage.query import SCREEN_QUERY
from tests.factories import GroupPageFactory, VenueFactory
from tests.graphql_api.helpers import graphql_data
from tests.signage.screen_day import at, event, notice

# A Saturday noon in Tokyo.
TIMELINE_QUERY = """
query ($screen: String!) {
  signage(screen: $screen) {
    timeline {
      startsAt
      slides { kind title page rows { label upcoming meta title text badges } }
    }
  }
}
"""

pytestmark = pytest.mark.django_db


def timeline(client, screen="lobby"):
    return graphql_data(client, TIMELINE_QUERY, {"screen": screen})["signage"]["timeline"]


def titles_by_kind(slides):
    return {slide["kind"]: [row["title"] for row in slide["rows"]] for slide in slides}


def row(title, meta="", label="", upcoming=False, text="", badges=()):
    return {
        "label": label,
        "upcoming": upcoming,
        "meta": meta,
        "title": title,
        "text": text,
        "badges": list(badges),
    }


def test_the_first_slides_print_every_list_as_the_kiosk_shows_it(client, noon, lobby, hall):
    elsewhere = VenueFactory(name="中央公民館")
    event("囲碁の会", (at(11), at(13)), venue=hall, room="和室")
    event("午後の合唱", (at(14), at(15)), venue=hall, room="和室")
    event("中止になった講座", (at(13), at(14)), venue=elsewhere, status="cancelled", is_sample=True)
    event("来週の清掃", (at(9, days=3), at(11, days=3)), venue=elsewhere, room="集会室")
    GroupPageFactory(
        parent=GroupIndexPage.objects.get(),
        title="防災の会",
        recruiting=True,
        meeting_schedule="毎月第2土曜日",
        summary="防災を学びます。",
    )
    notice("断水のお知らせ", priority="important", body="<p>午後は断水します。</p>")

    assert timeline(client)[0] == {
        "startsAt": None,
        "slides": [
            {
                "kind": "now",
                "title": "ただいまの催し・次の催し",
                "page": "",
                "rows": [
                    row("囲碁の会", "和室　11:00〜13:00", label="開催中"),
                    row("午後の合唱", "和室　14:00〜15:00", label="次", upcoming=True),
                ],
            },
            {
                "kind": "today",
                "title": "本日のイベント",
                "page": "",
                "rows": [
                    row("中止になった講座", "13:00〜14:00　中央公民館", badges=["中止", "サンプル"])
                ],
            },
            {
                "kind": "week",
                "title": "これから1週間のイベント",
                "page": "",
                "rows": [row("来週の清掃", "12月8日（火）　09:00〜11:00　中央公民館 集会室")],
            },
            {
                "kind": "groups",
                "title": "メンバー募集中の団体",
                "page": "",
                "rows": [row("防災の会", "毎月第2土曜日", text="防災を学びます。")],
            },
            {
                "kind": "notices",
                "title": "お知らせ",
                "page": "",
                "rows": [row("断水のお知らせ", text="午後は断水します。", badges=["重要"])],
            },
        ],
    }


@pytest.mark.parametrize(
    ("orientation", "pages"),
    [("landscape", [("1/2", 4), ("2/2", 1)]), ("portrait", [("", 5)])],
)
def test_a_long_list_takes_as_many_slides_as_the_screen_needs(
    client, noon, lobby, orientation, pages
):
    SignageScreen.objects.filter(pk=lobby.pk).update(orientation=orientation)
    for number in range(5):
        event(f"講座{number}", (at(13), at(15)), venue=VenueFactory())

    slides = timeline(client)[0]["slides"]

    assert [(slide["kind"], slide["page"], len(slide["rows"])) for slide in slides] == [
        ("today", page, rows) for page, rows in pages
    ]


def test_with_nothing_to_list_the_screen_welcomes(client, noon, lobby):
    assert timeline(client) == [
        {
            "startsAt": None,
            "slides": [
                {
                    "kind": "welcome",
                    "title": "かまがや協働ポータル",
                    "page": "",
                    "rows": [row("市民活動・イベントの情報をご案内しています。")],
                }
            ],
        }
    ]


@pytest.fixture
def saturday(noon, lobby, hall):
    """A day whose slides change at 13:00, 14:00, 15:00, 16:00, 17:00 and on Monday."""
    elsewhere = VenueFactory(name="中央公民館")
    event("囲碁の会", (at(11), at(13)), venue=hall, room="和室")
    event("午後の合唱", (at(14), at(15)), venue=hall, room="和室")
    event("公民館の講演", (at(12, 30), at(16)), venue=elsewhere)
    event("月曜の清掃", (at(9, days=2), at(11, days=2)), venue=elsewhere)
    notice("断水のお知らせ", expire_at=at(17))


def test_the_slides_move_on_through_the_days_without_another_request(client, saturday):
    sets = [(s["startsAt"], titles_by_kind(s["slides"])) for s in timeline(client)]

    assert sets == [
        (
            None,
            {
                "now": ["囲碁の会", "午後の合唱"],
                "today": ["公民館の講演"],
                "week": ["月曜の清掃"],
                "notices": ["断水のお知らせ"],
            },
        ),
        # The session ends: only the room's next one is left.
        (
            "2026-12-05T13:00:00+09:00",
            {
                "now": ["午後の合唱"],
                "today": ["公民館の講演"],
                "week": ["月曜の清掃"],
                "notices": ["断水のお知らせ"],
            },
        ),
        # The next session starts: it is running now (see the label below).
        (
            "2026-12-05T14:00:00+09:00",
            {
                "now": ["午後の合唱"],
                "today": ["公民館の講演"],
                "week": ["月曜の清掃"],
                "notices": ["断水のお知らせ"],
            },
        ),
        (
            "2026-12-05T15:00:00+09:00",
            {"today": ["公民館の講演"], "week": ["月曜の清掃"], "notices": ["断水のお知らせ"]},
        ),
        ("2026-12-05T16:00:00+09:00", {"week": ["月曜の清掃"], "notices": ["断水のお知らせ"]}),
        # The notice's time is up. Sunday's midnight changes nothing: the set is not repeated.
        ("2026-12-05T17:00:00+09:00", {"week": ["月曜の清掃"]}),
        # Monday: the week's event of the day is today's.
        ("2026-12-07T00:00:00+09:00", {"today": ["月曜の清掃"]}),
        (
            "2026-12-07T11:00:00+09:00",
            {"welcome": ["市民活動・イベントの情報をご案内しています。"]},
        ),
    ]


def test_a_rooms_next_session_is_labelled_running_once_it_starts(client, saturday):
    waiting, running = (s["slides"][0] for s in timeline(client)[1:3])

    assert [(r["title"], r["label"], r["upcoming"]) for r in waiting["rows"]] == [
        ("午後の合唱", "次", True)
    ]
    assert [(r["title"], r["label"], r["upcoming"]) for r in running["rows"]] == [
        ("午後の合唱", "開催中", False)
    ]


def test_each_later_set_is_what_the_server_would_build_at_its_moment(client, saturday):
    later_sets = timeline(client)[1:]

    for later in later_sets:
        moment = dt.datetime.fromisoformat(later["startsAt"])
        with time_machine.travel(moment, tick=False):
            assert timeline(client)[0]["slides"] == later["slides"], later["startsAt"]


def test_the_screens_answer_is_the_same_until_the_next_change(client, saturday):
    """So a poll gets 304 between changes: nothing in the answer depends on the clock alone."""
    with time_machine.travel(at(12, 1), tick=False):
        early = graphql_data(client, SCREEN_QUERY, {"screen": "lobby"})
    with time_machine.travel(at(12, 59), tick=False):
        late = graphql_data(client, SCREEN_QUERY, {"screen": "lobby"})

    assert late == early
