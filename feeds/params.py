"""The feeds' query parameters: read, checked and turned into event criteria.

Every feed takes the same parameters as the API's event filters. A bad value answers 400 with an
English sentence saying what is wrong, never an empty feed that looks like "no events".
`key` belongs to the partner API keys, read in front of the feeds, and is left alone here.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.validators import slug_unicode_re

from home.models import Audience, GroupPage, Venue
from home.models.criteria import (
    BACKWARDS_RANGE,
    LONGEST_RANGE_DAYS,
    RANGE_TOO_LONG,
    EventCriteria,
    date_range_problem,
)
from jp.calendar import EARLIEST_YEAR, LATEST_YEAR, year_in_range

ACTION_NUMBERS = range(1, 23)
DEFAULT_LIMIT, MAX_LIMIT = 50, 200
BOOLEANS = {"true": True, "false": False}
# Only the one spelling: fromisoformat alone would also take 20270109 and 2027-W01-6.
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
DATE_RANGE_MESSAGES = {
    BACKWARDS_RANGE: "to must not be before from.",
    RANGE_TOO_LONG: f"from and to may span at most {LONGEST_RANGE_DAYS} days.",
}
FEED_NAME = f"{settings.WAGTAIL_SITE_NAME} イベント"
FOR_SCHOOLS_LABELS = {True: "学校配信", False: "学校配信を除く"}
# How much of a bad value a message repeats back: enough to recognise it, not a 100 kB echo.
SHOWN_LENGTH = 80


def shown(value):
    """A value as a message quotes it: control characters escaped, long values cut short."""
    text = "".join(char if char.isprintable() else ascii(char)[1:-1] for char in value)
    return text if len(text) <= SHOWN_LENGTH else text[:SHOWN_LENGTH] + "…"


class BadFeedParameters(ValueError):
    """The request's parameters cannot be served; the message lists every problem."""


@dataclass(frozen=True)
class FeedParameters:
    criteria: EventCriteria
    limit: int | None
    # What the filters mean in Japanese, for the feed's title: 小中学生向け, 学校配信 …
    labels: tuple[str, ...] = field(default=())

    @property
    def title(self):
        """「かまがや協働ポータル イベント（小中学生向け、学校配信）」"""
        return f"{FEED_NAME}（{'、'.join(self.labels)}）" if self.labels else FEED_NAME


def audience_label(audience):
    # Some audiences already say who they are for (団体向け) or include everyone (どなたでも).
    if audience.name.endswith(("向け", "でも")):
        return audience.name
    return f"{audience.name}向け"


class ParameterReader:
    """Reads one request's parameters, noting each problem instead of stopping at the first."""

    def __init__(self, params):
        self.params = params
        self.problems = []
        self.labels = []

    def text(self, name):
        return self.params.get(name, "").strip() or None

    def known(self, name, objects, label):
        """The object whose slug is given, or None; an unknown slug is a problem."""
        slug = self.text(name)
        if slug is None:
            return None
        # Text that cannot be a slug is not looked up: PostgreSQL refuses some (a NUL) outright.
        found = objects.filter(slug=slug).first() if slug_unicode_re.fullmatch(slug) else None
        if found is None:
            self.problems.append(f"Unknown {name} '{shown(slug)}'.")
            return None
        self.labels.append(label(found))
        return found.slug

    def whole_number(self, name, allowed, wording):
        value = self.text(name)
        if value is None:
            return None
        if not (value.isascii() and value.isdigit() and int(value) in allowed):
            self.problems.append(f"{name} must be {wording}, not '{shown(value)}'.")
            return None
        return int(value)

    def boolean(self, name):
        value = self.text(name)
        if value is None:
            return None
        if value not in BOOLEANS:
            self.problems.append(f"{name} must be true or false, not '{shown(value)}'.")
            return None
        return BOOLEANS[value]

    def day(self, name):
        value = self.text(name)
        if value is None:
            return None
        if ISO_DAY.fullmatch(value):
            try:
                day = dt.date.fromisoformat(value)
            except ValueError:
                pass  # 2027-02-30: the right shape, but no such day
            else:
                # The website calendar's years: beyond them is a typing mistake, and the last
                # day Python knows (9999-12-31) has no next day to end the range with.
                if year_in_range(day.year):
                    return day
                self.problems.append(
                    f"{name} must be a day from {EARLIEST_YEAR}-01-01 to {LATEST_YEAR}-12-31, "
                    f"not '{value}'."
                )
                return None
        self.problems.append(f"{name} must be a date as YYYY-MM-DD, not '{shown(value)}'.")
        return None


def read_parameters(params, *, default_from=None, with_limit=False):
    """FeedParameters from a request's GET parameters, or BadFeedParameters saying what is wrong.

    `default_from` is the first Tokyo day listed when `from` is not given; without it the feed
    starts now. `with_limit` reads `limit` (feeds that list a page of events rather than all).
    """
    reader = ParameterReader(params)
    audience = reader.known("audience", Audience.objects.all(), audience_label)
    venue = reader.known("venue", Venue.objects.all(), lambda venue: f"会場：{venue.name}")
    # A group that is not public is unknown: the feed must not confirm that its draft exists.
    group = reader.known("group", GroupPage.objects.public(), lambda group: f"主催：{group.title}")
    action = reader.whole_number("action", ACTION_NUMBERS, "a plan action number from 1 to 22")
    if action is not None:
        reader.labels.append(f"アクション{action}")
    for_schools = reader.boolean("forSchools")
    if for_schools is not None:
        reader.labels.append(FOR_SCHOOLS_LABELS[for_schools])
    date_from, date_to = reader.day("from"), reader.day("to")
    problem = date_range_problem(date_from, date_to)
    if problem:
        reader.problems.append(DATE_RANGE_MESSAGES[problem])
    limit = None
    if with_limit:
        limit = reader.whole_number(
            "limit", range(1, MAX_LIMIT + 1), f"a whole number from 1 to {MAX_LIMIT}"
        )
    if reader.problems:
        raise BadFeedParameters("\n".join(reader.problems))
    return FeedParameters(
        criteria=EventCriteria(
            date_from=date_from or default_from,
            date_to=date_to,
            audience=audience,
            group=group,
            action=action,
            venue=venue,
            for_schools=for_schools,
        ),
        limit=(limit or DEFAULT_LIMIT) if with_limit else None,
        labels=tuple(reader.labels),
    )
