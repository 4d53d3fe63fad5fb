"""How many of each repeated item one page may hold.

The admin refuses more with a Japanese message, and the API promises consumers these maxima, so
a query's cost is known before it runs (graphql_api/list_bounds.py). The numbers leave room for
what the city does: a weekly course for a year has 52 sessions.
"""

MAX_SESSIONS = 100
# One session lasts at most this long (a year-long exhibition is one session): the bound lets
# date queries read sessions from an index range (home.models.events.next_session_in_window).
LONGEST_SESSION_DAYS = 366
MAX_ORGANISERS = 10
MAX_AUDIENCES = 10
MAX_GROUP_PHOTOS = 10
MAX_SNS_LINKS = 10
MAX_PROGRESS_RECORDS = 20  # one per fiscal year
MAX_VISION_EXAMPLES = 10
# Fixed by the plan and the law rather than by editors.
PLAN_ACTIONS = 22
PLAN_VISIONS = 4
NPO_ACTIVITY_FIELDS = 20


def too_many(label, count, limit):
    """The admin's message for more than `limit` items, or None."""
    if count > limit:
        return f"{label}は{limit}件までです（いま{count}件）。"
    return None
