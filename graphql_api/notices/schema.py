import strawberry
import strawberry_django

from home.queries import current_notices

from ..pagination import BoundedPagination, list_type
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
    def notices(self) -> list[NoticeType]:
        return current_notices()
