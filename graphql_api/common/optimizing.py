"""The optimizer's settings, in one place for the schema's extension and for single-object fields.

`only()` is off: Wagtail pages are multi-table models whose fields are read by methods the
optimizer cannot see (url, rich text, the parent's fields), and every deferred field read later
costs a query of its own. Custom querysets are used for prefetches, so drafts never come in
through a relation.
"""

from strawberry_django.optimizer import OptimizerConfig, optimize

ENABLE_ONLY = False
PREFETCH_CUSTOM_QUERYSET = True
CONFIG = OptimizerConfig(enable_only=ENABLE_ONLY, prefetch_custom_queryset=PREFETCH_CUSTOM_QUERYSET)


def optimized(queryset, info):
    """`queryset` with the select_related and prefetches the query's selection needs."""
    return optimize(queryset, info, config=CONFIG)
