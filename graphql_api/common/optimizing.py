"""The optimizer's settings, in one place for the schema's extension and for single-object fields.

`only()` is off: Wagtail pages are multi-table models whose fields are read by methods the
optimizer cannot see (url, rich text, the parent's fields), and every deferred field read later
costs a query of its own. Custom querysets are used for prefetches, so drafts never come in
through a relation.
"""

from strawberry.extensions import SchemaExtension
from strawberry_django.optimizer import DjangoOptimizerExtension, OptimizerConfig, optimize

ENABLE_ONLY = False
PREFETCH_CUSTOM_QUERYSET = True
CONFIG = OptimizerConfig(enable_only=ENABLE_ONLY, prefetch_custom_queryset=PREFETCH_CUSTOM_QUERYSET)


def optimized(queryset, info):
    """`queryset` with the select_related and prefetches the query's selection needs."""
    return optimize(queryset, info, config=CONFIG)


class QuerySetOptimizer(DjangoOptimizerExtension):
    """The optimizer extension without its hook around every resolver.

    DjangoOptimizerExtension.resolve runs for each field of each object (about 2,000 in a list of
    50 events) to optimize a QuerySet that a resolver returns. Here no resolver needs it: every
    field that returns a QuerySet is a strawberry-django field, whose get_queryset asks the
    extension (found through the context variable on_execute sets) to optimize it, and the
    single-object fields call `optimized` themselves. A plain `strawberry.field` returning a
    QuerySet would not be optimized; the SQL counts in tests/graphql_api/test_query_counts.py
    would show it.
    """

    resolve = SchemaExtension.resolve
