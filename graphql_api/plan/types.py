"""The plan: 4 visions and 22 actions with their yearly progress."""

from typing import TYPE_CHECKING, Annotated

import strawberry
import strawberry_django
from django.db.models import Prefetch
from strawberry.types import Info

from home.models import (
    ActionPage,
    ActionProgressRecord,
    ActionStatus,
    ImplementationStatus,
    VisionPage,
)
from home.models.limits import MAX_PROGRESS_RECORDS, MAX_VISION_EXAMPLES, PLAN_ACTIONS

from ..common.enums import enum_from_choices
from ..common.types import PageInterface, RichTextType, rich_text
from ..context import request_cached
from ..list_bounds import at_most
from ..pagination import BoundedPagination

if TYPE_CHECKING:  # imported lazily at run time; the types refer to each other
    from ..events.types import EventType
    from ..groups.types import GroupType


ActionStatusEnum = enum_from_choices(
    ActionStatus, "ActionStatus", "Whether the action continues an existing programme."
)
ImplementationStatusEnum = enum_from_choices(
    ImplementationStatus, "ImplementationStatus", "How far a year's work was carried out."
)


def public_actions_by_vision_path(info):
    """Every public action, grouped by its vision's tree path: one query per request."""

    def load():
        grouped = {}
        for action in ActionPage.objects.public().order_by("number"):
            grouped.setdefault(action.path[: -ActionPage.steplen], []).append(action)
        return grouped

    return request_cached(info, "actions_by_vision_path", load)


def public_visions_by_path(info):
    return request_cached(
        info, "visions_by_path", lambda: {v.path: v for v in VisionPage.objects.public()}
    )


def public_related(info):
    return Prefetch(
        "related_actions", queryset=ActionPage.objects.public(), to_attr="public_related_to"
    )


def public_related_from(info):
    return Prefetch(
        "related_from", queryset=ActionPage.objects.public(), to_attr="public_related_from"
    )


@strawberry_django.type(
    ActionProgressRecord,
    name="ProgressRecord",
    description="What was done for an action in one fiscal year.",
)
class ProgressRecordType:
    fiscal_year: int = strawberry_django.field(
        description="Japanese fiscal year (April–March), e.g. 2025."
    )
    implementation_status: ImplementationStatusEnum = strawberry_django.field(
        description="実施 (DONE), 一部実施 (PARTIAL) or 未実施 (NOT_DONE)."
    )
    activities: str = strawberry_django.field(description="What was done (Japanese).")
    times_held: int | None = strawberry_django.field(description="How many times it was held.")
    participants: int | None = strawberry_django.field(description="How many people took part.")
    other_figures: str = strawberry_django.field(description="Other results, free text.")

    @classmethod
    def get_queryset(cls, queryset, info, **kwargs):
        return queryset.order_by("fiscal_year")


@strawberry_django.type(
    VisionPage, name="Vision", description="One of the plan's 4 visions (未来像)."
)
class VisionType(PageInterface):
    number: int = strawberry_django.field(description="1 to 4.")
    summary: str = strawberry_django.field(
        description="What the city looks like when the vision is real."
    )

    @strawberry_django.field(
        description="Concrete pictures of the vision, one sentence each.",
        extensions=at_most(MAX_VISION_EXAMPLES),
    )
    def examples(self) -> list[str]:
        return self.example_texts

    @strawberry_django.field(
        description="The vision's public actions, by number.", extensions=at_most(PLAN_ACTIONS)
    )
    def actions(self, info: Info) -> list["ActionType"]:
        return public_actions_by_vision_path(info).get(self.path, [])


@strawberry_django.type(
    ActionPage, name="Action", description="One of the plan's 22 actions (アクション)."
)
class ActionType(PageInterface):
    number: int = strawberry_django.field(description="1 to 22, as numbered in the plan.")
    status: ActionStatusEnum = strawberry_django.field(description="既存 (EXISTING) or 新規 (NEW).")
    need: str = strawberry_django.field(
        description="The need it answers (課題を解決するために必要なこと)."
    )
    responsible_department: str = strawberry_django.field(
        description="Responsible department, if set."
    )
    progress: list[ProgressRecordType] = strawberry_django.field(
        field_name="progress_records",
        description="Progress by fiscal year, oldest first.",
        extensions=at_most(MAX_PROGRESS_RECORDS),
    )
    groups: list[Annotated["GroupType", strawberry.lazy("graphql_api.groups.types")]] = (
        strawberry_django.field(
            description="Public groups involved in this action, in kana order, a page at a time.",
            pagination=True,
            extensions=[BoundedPagination()],
        )
    )
    events: list[Annotated["EventType", strawberry.lazy("graphql_api.events.types")]] = (
        strawberry_django.field(
            description="Public events carrying out this action, by first session, a page at "
            "a time.",
            pagination=True,
            extensions=[BoundedPagination()],
        )
    )

    @strawberry_django.field(description="Description (Japanese rich text).")
    def description(self) -> RichTextType:
        return rich_text(self.description)

    @strawberry_django.field(description="The vision this action belongs to.")
    def vision(self, info: Info) -> VisionType | None:
        return public_visions_by_path(info).get(self.path[: -ActionPage.steplen])

    @strawberry_django.field(
        description="Related actions, whichever side an editor linked them from, by number.",
        prefetch_related=[public_related, public_related_from],
        extensions=at_most(PLAN_ACTIONS),
    )
    def related_actions(self) -> list["ActionType"]:
        if not hasattr(self, "public_related_to"):  # a previewed page is not from a queryset
            return list(self.all_related_actions().public())
        linked = {a.pk: a for a in [*self.public_related_to, *self.public_related_from]}
        linked.pop(self.pk, None)
        return sorted(linked.values(), key=lambda action: action.number)
