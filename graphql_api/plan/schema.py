from typing import Annotated

import strawberry
import strawberry_django
from strawberry.types import Info

from home.models import ActionPage, VisionPage
from home.models.limits import PLAN_ACTIONS, PLAN_VISIONS

from ..common.optimizing import optimized
from ..list_bounds import at_most
from .types import ActionStatusEnum, ActionType, VisionType


@strawberry.input(name="ActionFilter", description="Narrow the list of actions.")
class ActionFilter:
    vision: int | None = strawberry.field(
        default=None, description="Only this vision's actions (1–4)."
    )
    status: ActionStatusEnum | None = strawberry.field(
        default=None, description="EXISTING or NEW only."
    )


@strawberry.type
class PlanQuery:
    @strawberry_django.field(
        description="The plan's 4 visions, by number.", extensions=at_most(PLAN_VISIONS)
    )
    def visions(self) -> list[VisionType]:
        return VisionPage.objects.public().order_by("number")

    @strawberry_django.field(description="One vision by its number (1–4), or null.")
    def vision(
        self, info: Info, number: Annotated[int, strawberry.argument(description="1 to 4.")]
    ) -> VisionType | None:
        return optimized(VisionPage.objects.public().filter(number=number), info).first()

    @strawberry_django.field(
        description="The plan's actions, by number.", extensions=at_most(PLAN_ACTIONS)
    )
    def actions(
        self,
        filters: Annotated[
            ActionFilter | None, strawberry.argument(description="Optional filters.")
        ] = None,
    ) -> list[ActionType]:
        actions = ActionPage.objects.public().order_by("number")
        if filters and filters.vision is not None:
            vision = VisionPage.objects.public().filter(number=filters.vision).first()
            actions = actions.descendant_of(vision) if vision else actions.none()
        if filters and filters.status is not None:
            actions = actions.filter(status=filters.status.value)
        return actions

    @strawberry_django.field(description="One action by its number (1–22), or null.")
    def action(
        self, info: Info, number: Annotated[int, strawberry.argument(description="1 to 22.")]
    ) -> ActionType | None:
        return optimized(ActionPage.objects.public().filter(number=number), info).first()
