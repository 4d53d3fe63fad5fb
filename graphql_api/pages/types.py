"""Section pages, so `page(urlPath)` can return any public page."""

import strawberry_django

from home.models import EventIndexPage, GroupIndexPage, HomePage, NoticeIndexPage, PlanPage

from ..common.types import PageInterface, RichTextType, rich_text


@strawberry_django.type(HomePage, name="Home", description="The site's front page.")
class HomeType(PageInterface):
    @strawberry_django.field(description="Introduction (rich text).")
    def introduction(self) -> RichTextType:
        return rich_text(self.introduction)


@strawberry_django.type(PlanPage, name="Plan", description="The action plan (アクションプラン22).")
class PlanType(PageInterface):
    start_fiscal_year: int = strawberry_django.field(description="First fiscal year of the plan.")
    end_fiscal_year: int = strawberry_django.field(description="Last fiscal year of the plan.")
    period_note: str = strawberry_django.field(description="The period as the plan words it.")

    @strawberry_django.field(description="The plan's introduction (rich text).")
    def introduction(self) -> RichTextType:
        return rich_text(self.introduction)


@strawberry_django.type(GroupIndexPage, name="GroupIndex", description="The group directory page.")
class GroupIndexType(PageInterface):
    @strawberry_django.field(description="Introduction (rich text).")
    def introduction(self) -> RichTextType:
        return rich_text(self.introduction)


@strawberry_django.type(EventIndexPage, name="EventIndex", description="The event listing page.")
class EventIndexType(PageInterface):
    @strawberry_django.field(description="Introduction (rich text).")
    def introduction(self) -> RichTextType:
        return rich_text(self.introduction)


@strawberry_django.type(NoticeIndexPage, name="NoticeIndex", description="The notice listing page.")
class NoticeIndexType(PageInterface):
    pass


SECTION_TYPES = [HomeType, PlanType, GroupIndexType, EventIndexType, NoticeIndexType]
