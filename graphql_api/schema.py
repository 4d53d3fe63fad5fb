"""The public read API: merges the domain queries and adds the protective extensions."""

from functools import partial

import strawberry
from django.conf import settings
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxTokensLimiter,
    ParserCache,
    ValidationCache,
    max_aliases,
    query_depth_limiter,
)
from strawberry.schema.config import StrawberryConfig

from .common import optimizing
from .common.scalars import SCALAR_OVERRIDES
from .cost_limit import QueryCostLimiter
from .errors import MASKED_MESSAGE, should_mask_error
from .events.schema import EventQuery
from .groups.schema import GroupQuery
from .limits import MAX_ALIASES, MAX_DEPTH, MAX_TOKENS
from .notices.schema import NoticeQuery
from .pages.schema import PageQuery
from .pages.types import SECTION_TYPES
from .plan.schema import PlanQuery
from .signage.schema import SignageQuery
from .text_input import SafeTextRule


@strawberry.type(description="Read-only access to the public content of かまがや協働ポータル.")
class Query(PlanQuery, GroupQuery, EventQuery, NoticeQuery, PageQuery, SignageQuery):
    pass


# Built once, where QueryDepthLimiter and MaxAliasesLimiter would build new rule classes for
# every request: the validation cache recognises a document's rules by identity.
VALIDATION_RULES = [
    query_depth_limiter.create_validator(MAX_DEPTH, should_ignore=None),
    max_aliases.create_validator(MAX_ALIASES),
    SafeTextRule,
]
# Each distinct document is parsed and validated once per process: the persisted queries, the
# pollers and the website's own queries repeat a few texts. The cost limit still runs each time.
DOCUMENTS_CACHED = 256

extensions = [
    partial(MaxTokensLimiter, max_token_count=MAX_TOKENS),
    partial(ParserCache, maxsize=DOCUMENTS_CACHED),
    partial(AddValidationRules, VALIDATION_RULES),
    partial(ValidationCache, maxsize=DOCUMENTS_CACHED),
    QueryCostLimiter,
    # Nested lists go through each type's get_queryset too, so drafts never leak via a relation.
    partial(
        optimizing.QuerySetOptimizer,
        enable_only_optimization=optimizing.ENABLE_ONLY,
        prefetch_custom_queryset=optimizing.PREFETCH_CUSTOM_QUERYSET,
    ),
]
if not settings.DEBUG:
    extensions.append(
        partial(MaskErrors, should_mask_error=should_mask_error, error_message=MASKED_MESSAGE)
    )

schema = strawberry.Schema(
    query=Query,
    types=SECTION_TYPES,
    extensions=extensions,
    scalar_overrides=SCALAR_OVERRIDES,
    config=StrawberryConfig(disable_field_suggestions=not settings.DEBUG),
)
