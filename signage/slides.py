"""The slides of a screen, from the signage query's data, for the page's first render.

static/signage/signage.js builds the same slides from the same data after every poll; the
browser tests compare the two renderings, so they cannot drift apart unnoticed.
"""

import datetime as dt

from jp.formatting import WEEKDAYS
from jp.time import TOKYO

# Rows that fit a slide at the minimum type sizes; a portrait screen is twice as tall.
ROWS_PER_SLIDE = {
    "LANDSCAPE": {"now": 4, "today": 4, "week": 4, "groups": 3, "notices": 1},
    "PORTRAIT": {"now": 8, "today": 8, "week": 8, "groups": 6, "notices": 2},
}
TITLES = {
    "now": "ただいまの催し・次の催し",
    "today": "本日のイベント",
    "week": "これから1週間のイベント",
    "groups": "メンバー募集中の団体",
    "notices": "お知らせ",
}
WELCOME_TITLE = "かまがや協働ポータル"
WELCOME_TEXT = "市民活動・イベントの情報をご案内しています。"
ROOM_FALLBACK = "会場"


def tokyo(iso):
    return dt.datetime.fromisoformat(iso).astimezone(TOKYO)


def month_day(moment):
    return f"{moment.month}月{moment.day}日（{WEEKDAYS[moment.weekday()]}）"


def time_span(item):
    if item["allDay"]:
        return "終日"
    start, end = tokyo(item["startsAt"]), tokyo(item["endsAt"])
    if start.date() != end.date():
        return f"{start:%H:%M}〜"
    return f"{start:%H:%M}〜{end:%H:%M}"


def place(item):
    if item["atScreenVenue"]:
        return item["room"]
    return " ".join(part for part in (item["venueName"], item["room"]) if part)


def badges(item):
    marks = [item["statusLabel"]] if item.get("status", "SCHEDULED") != "SCHEDULED" else []
    return [*marks, "サンプル"] if item["isSample"] else marks


def row(title, meta="", label="", text="", marks=(), upcoming=False):
    return {
        "label": label,
        "upcoming": upcoming,
        "meta": meta,
        "title": title,
        "text": text,
        "badges": list(marks),
    }


def event_row(item, meta, **label):
    return row(item["title"], meta=meta, marks=badges(item), **label)


def room_rows(rooms):
    rows = []
    for room in rooms:
        name = room["room"] or ROOM_FALLBACK
        for item in room["now"]:
            rows.append(event_row(item, f"{name}　{time_span(item)}", label="開催中"))
        if room["next"]:
            rows.append(
                event_row(
                    room["next"], f"{name}　{time_span(room['next'])}", label="次", upcoming=True
                )
            )
    return rows


def joined(*parts):
    return "　".join(part for part in parts if part)


def kinds_of_rows(content):
    notice_marks = [["重要"] if n["priority"] == "IMPORTANT" else [] for n in content["notices"]]
    return {
        "now": room_rows(content["nowAndNext"]),
        "today": [event_row(i, joined(time_span(i), place(i))) for i in content["today"]],
        "week": [
            event_row(i, joined(month_day(tokyo(i["startsAt"])), time_span(i), place(i)))
            for i in content["thisWeek"]
        ],
        "groups": [
            row(g["name"], meta=g["meetingSchedule"], text=g["summary"], marks=sample_mark(g))
            for g in content["recruitingGroups"]
        ],
        "notices": [
            row(n["title"], text=n["text"], marks=[*marks, *sample_mark(n)])
            for n, marks in zip(content["notices"], notice_marks, strict=True)
        ],
    }


def sample_mark(item):
    return ["サンプル"] if item["isSample"] else []


def build_slides(content):
    """[{kind, title, page, pages, rows}] in showing order; a welcome slide when all are empty."""
    per_slide = ROWS_PER_SLIDE[content["screen"]["orientation"]]
    slides = []
    for kind, rows in kinds_of_rows(content).items():
        size = per_slide[kind]
        chunks = [rows[start : start + size] for start in range(0, len(rows), size)]
        for number, chunk in enumerate(chunks, start=1):
            slides.append(
                {
                    "kind": kind,
                    "title": TITLES[kind],
                    "page": f"{number}/{len(chunks)}" if len(chunks) > 1 else "",
                    "rows": chunk,
                }
            )
    return slides or [
        {"kind": "welcome", "title": WELCOME_TITLE, "page": "", "rows": [row(WELCOME_TEXT)]}
    ]
