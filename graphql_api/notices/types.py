import datetime as dt

import strawberry_django

from home.models import NoticePage, NoticePriority

from ..common.enums import enum_from_choices
from ..common.types import PageInterface, RichTextType, rich_text

NoticePriorityEnum = enum_from_choices(NoticePriority, "NoticePriority", "How urgent a notice is.")


@strawberry_django.type(NoticePage, name="Notice", description="An announcement (お知らせ).")
class NoticeType(PageInterface):
    priority: NoticePriorityEnum = strawberry_django.field(
        description="EMERGENCY notices take over signage screens while shown."
    )
    display_from: dt.datetime | None = strawberry_django.field(
        description="Shown from this moment."
    )
    display_until: dt.datetime | None = strawberry_django.field(
        field_name="expire_at",
        description="Shown until this moment: the notice's expiry (公開終了日時), after which it "
        "is unpublished everywhere.",
    )
    is_sample: bool = strawberry_django.field(
        description="True for invented demonstration content."
    )

    @strawberry_django.field(description="Body (Japanese rich text).")
    def body(self) -> RichTextType:
        return rich_text(self.body)
