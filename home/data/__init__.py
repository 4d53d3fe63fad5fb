"""The plan's own data, transcribed from its text, and the invented sample content.

`PLAN` is read once when imported: the numbering of visions and actions (how many there are)
comes from here, so models, filters, feeds and the API cannot disagree with the plan.
"""

import json
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent
PLAN_FILE = DATA_DIR / "action_plan.json"


def read_plan():
    return json.loads(PLAN_FILE.read_text(encoding="utf-8"))


def number_range(items):
    numbers = sorted(item["number"] for item in items)
    return range(numbers[0], numbers[-1] + 1)


PLAN = read_plan()
VISION_NUMBERS = number_range(PLAN["visions"])
ACTION_NUMBERS = number_range(PLAN["actions"])
FIRST_ACTION, LAST_ACTION = ACTION_NUMBERS[0], ACTION_NUMBERS[-1]
FIRST_VISION, LAST_VISION = VISION_NUMBERS[0], VISION_NUMBERS[-1]
