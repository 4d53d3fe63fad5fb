from typing import Annotated

import strawberry
import strawberry_django
from strawberry_django.pagination import OffsetPaginationInput

from home.models import NoticePage

from ..pagination import PAGINATION_DESCRIPTION, BoundedPagination, list_type
from .types import NoticeType

NoticeList = list_type(NoticeType, "NoticeList", "notices")


@strawberry.type
class NoticeQuery:
    @strawberry_django.offset_paginated(
        NoticeList,
        description="Notices inside their display window: emergency first, then important, "
        "then newest.",
        extensions=[BoundedPagination()],
    )
    def notices(
        self,
        pagination: Annotated[
            OffsetPaginationInput | None, strawberry.argument(description=PAGINATION_DESCRIPTION)
        ] = None,
    ) -> list[NoticeType]:
        return NoticePage.objects.current()
