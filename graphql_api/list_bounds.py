"""How long each list in the schema can be, declared beside the field and read by the cost analysis.

A list field is bounded in one of three ways, and tests/graphql_api/test_query_cost.py checks
that every list in the schema is:

- `pagination`: the consumer chooses the page size (1–100, default 20), as on the root lists and
  on relations that grow with the site's history (a group's events, an action's groups).
- `at_most(n)`: lists an editor fills by hand on one page, or the plan's fixed numbers (22
  actions, 20 activity fields); the API never returns more than `n` items.
- `priced_as_whole(cost)`: a field whose whole answer is computed at once from content that is
  already capped (a signage screen's document); nothing selected inside it costs more.
"""

from itertools import islice

from strawberry.extensions import FieldExtension

COST_METADATA_KEY = "kamagaya_cost"


class AtMost(FieldExtension):
    """Returns at most `limit` items of a list field, so its length is known before it runs."""

    def __init__(self, limit):
        super().__init__()
        self.limit = limit

    def resolve(self, next_, source, info, **kwargs):
        items = next_(source, info, **kwargs)
        if items is None:
            return None
        # A prefetched relation arrives as a manager or an evaluated queryset: `.all()` reads
        # the prefetch cache, and islice stops after `limit` without copying the rest.
        if hasattr(items, "all"):
            items = items.all()
        return list(islice(items, self.limit))


def at_most(limit):
    """The `extensions=` of a list field that returns at most `limit` items."""
    return [AtMost(limit)]


def priced_as_whole(cost):
    """The `metadata=` of a field the cost analysis prices at `cost` without looking inside."""
    return {COST_METADATA_KEY: cost}
