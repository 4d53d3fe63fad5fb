"""Loads the action plan from the project's own transcription of it (home/data/action_plan.json)."""

import json

from django.db import transaction

from ..data import DATA_DIR, read_plan
from ..models import ActionPage, ActivityField, Audience, PlanPage, VisionPage
from .pages import place_draft, publish_page, rich_text
from .records import upsert_rows

ACTIVITY_FIELDS_FILE = DATA_DIR / "npo-activity-fields.txt"
AUDIENCES_FILE = DATA_DIR / "audiences.json"
INTRODUCTION_FILE = DATA_DIR / "plan_introduction.txt"
PLAN_SLUG = "plan"


def read_activity_fields():
    """The 20 fields, numbered in the order the Act lists them; '#' lines are commentary."""
    lines = ACTIVITY_FIELDS_FILE.read_text(encoding="utf-8").splitlines()
    names = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    return list(enumerate(names, start=1))


def read_introduction():
    """The plan's 「はじめに」 as rich text: blank-line separated paragraphs, '#' lines skipped."""
    text = INTRODUCTION_FILE.read_text(encoding="utf-8")
    blocks = [block.strip() for block in text.split("\n\n")]
    return rich_text(block for block in blocks if block and not block.startswith("#"))


def load_taxonomies():
    fields = [{"number": number, "name": name} for number, name in read_activity_fields()]
    audiences = [
        {**row, "sort_order": order}
        for order, row in enumerate(json.loads(AUDIENCES_FILE.read_text(encoding="utf-8")))
    ]
    return upsert_rows(ActivityField, "number", fields) + upsert_rows(Audience, "slug", audiences)


def action_fields(action, needs):
    return {
        "title": action["title"],
        "slug": f"action-{action['number']}",
        "status": action["status"],
        "need": needs[action["need"]],
        "description": rich_text([action["description"]]),
    }


@transaction.atomic
def load_plan(home):
    """Create or update the plan page, its visions and actions. Returns how many pages changed."""
    data = read_plan()
    plan = data["plan"]
    needs = {need["number"]: need["text"] for need in data["needs"]}
    changed = 0

    plan_page, was_changed = publish_page(
        home,
        PlanPage,
        {"slug": PLAN_SLUG},
        {
            "title": plan["title"],
            "start_fiscal_year": plan["period"]["start_fiscal_year"],
            "end_fiscal_year": plan["period"]["end_fiscal_year"],
            "period_note": plan["period"]["note"],
            "introduction": read_introduction(),
        },
    )
    changed += was_changed

    vision_pages = {}
    for vision in data["visions"]:
        vision_pages[vision["number"]], was_changed = publish_page(
            plan_page,
            VisionPage,
            {"number": vision["number"]},
            {
                "title": vision["title"],
                "slug": f"vision-{vision['number']}",
                "summary": vision["summary"],
                "examples": [("example", text) for text in vision["examples"]],
            },
        )
        changed += was_changed

    for action in data["actions"]:
        place_draft(
            vision_pages[action["vision"]],
            ActionPage,
            {"number": action["number"]},
            action_fields(action, needs),
        )
    action_pages = {page.number: page for page in ActionPage.objects.all()}
    for action in data["actions"]:
        _, was_changed = publish_page(
            vision_pages[action["vision"]],
            ActionPage,
            {"number": action["number"]},
            action_fields(action, needs),
            relations={
                "related_actions": [action_pages[number] for number in action["related_actions"]]
            },
        )
        changed += was_changed
    return changed
