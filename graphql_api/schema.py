"""The public read API: merges the domain queries and adds the protective extensions."""

from functools import partial

import strawberry
from django.conf import settings
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
)
from strawberry.schema.config import StrawberryConfig
from strawberry_django.optimizer import DjangoOptimizerExtension

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


extensions = [
    partial(QueryDepthLimiter, max_depth=MAX_DEPTH),
    partial(MaxAliasesLimiter, max_alias_count=MAX_ALIASES),
    partial(MaxTokensLimiter, max_token_count=MAX_TOKENS),
    partial(AddValidationRules, [SafeTextRule]),
    QueryCostLimiter,
    # Nested lists go through each type's get_queryset too, so drafts never leak via a relation.
    partial(
        DjangoOptimizerExtension,
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
