from typing import Annotated

import strawberry
import strawberry_django
from strawberry.types import Info
from strawberry_django import Ordering
from strawberry_django.pagination import OffsetPaginationInput

from home.models import GroupCriteria, GroupPage

from ..common.optimizing import optimized
from ..pagination import PAGINATION_DESCRIPTION, BoundedPagination, list_type
from .types import GroupType, OrganisationTypeEnum

GroupList = list_type(GroupType, "GroupList", "groups")


@strawberry.input(
    name="GroupFilter", description="Narrow the group directory; all given filters apply."
)
class GroupFilter:
    activity_field: int | None = strawberry.field(
        default=None, description="Activity field number (1–20)."
    )
    organisation_type: OrganisationTypeEnum | None = strawberry.field(
        default=None, description="Kind of organisation."
    )
    district: str | None = strawberry.field(default=None, description="District name, e.g. 初富.")
    recruiting: bool | None = strawberry.field(
        default=None, description="Only groups looking for members."
    )
    action: int | None = strawberry.field(default=None, description="Plan action number (1–22).")


@strawberry.input(
    name="GroupOrder", description="Sort order; the default is あいうえお order of the kana."
)
class GroupOrder:
    name_kana: Ordering | None = strawberry.field(default=None, description="By reading.")
    last_confirmed: Ordering | None = strawberry.field(
        default=None, description="By the date the profile was last confirmed."
    )


def group_criteria(filters):
    if filters is None:
        return GroupCriteria()
    return GroupCriteria(
        activity_field=filters.activity_field,
        organisation_type=filters.organisation_type.value if filters.organisation_type else None,
        district=filters.district,
        recruiting=filters.recruiting,
        action=filters.action,
    )


@strawberry.type
class GroupQuery:
    @strawberry_django.offset_paginated(
        GroupList, description="Public group profiles.", extensions=[BoundedPagination()]
    )
    def groups(
        self,
        filters: Annotated[
            GroupFilter | None, strawberry.argument(description="Optional filters.")
        ] = None,
        order: Annotated[
            GroupOrder | None, strawberry.argument(description="Optional sort order.")
        ] = None,
        pagination: Annotated[
            OffsetPaginationInput | None, strawberry.argument(description=PAGINATION_DESCRIPTION)
        ] = None,
    ) -> list[GroupType]:
        # `order`, when given, is applied by strawberry-django after this default ordering.
        return GroupPage.objects.find(group_criteria(filters))

    @strawberry_django.field(description="One public group by its slug, or null.")
    def group(
        self, info: Info, slug: Annotated[str, strawberry.argument(description="The group's slug.")]
    ) -> GroupType | None:
        return optimized(GroupPage.objects.public().filter(slug=slug), info).first()
