"""Group profiles and the classification lists they use."""

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry
import strawberry_django

from home.models import ActivityField, District, GroupPage, GroupPhoto, OrganisationType
from home.models.limits import MAX_GROUP_PHOTOS, MAX_SNS_LINKS, NPO_ACTIVITY_FIELDS, PLAN_ACTIONS

from ..common.enums import enum_from_choices
from ..common.fields import model_field
from ..common.types import ImageType, PageInterface, RichTextType, rich_text
from ..list_bounds import at_most
from ..pagination import BoundedPagination
from ..plan.types import ActionType

if TYPE_CHECKING:  # imported lazily at run time; the types refer to each other
    from ..events.types import EventType


OrganisationTypeEnum = enum_from_choices(
    OrganisationType, "OrganisationType", "What kind of organisation a group is."
)


@strawberry_django.type(
    ActivityField, name="ActivityField", description="One of the 20 activity fields of the NPO law."
)
class ActivityFieldType:
    number: int = model_field(description="Number in the law's table, 1 to 20.")
    name: str = model_field(description="Name of the field (Japanese).")


@strawberry_django.type(District, name="District", description="An area of the city.")
class DistrictType:
    name: str = model_field(description="Name (Japanese).")
    name_kana: str = model_field(description="Reading in hiragana.")


@strawberry.type(name="SnsLink", description="A link to one of a group's social media accounts.")
class SnsLinkType:
    service: str = strawberry.field(description="x, instagram, facebook, line, youtube or other.")
    url: str = strawberry.field(description="Address of the account.")


@strawberry.type(name="GroupContact", description="The contact details a group chose to publish.")
class GroupContactType:
    name: str = strawberry.field(description="Contact person or desk.")
    phone: str = strawberry.field(description="Phone number.")
    email: str = strawberry.field(description="E-mail address.")
    website: str = strawberry.field(description="Website address.")
    sns: list[SnsLinkType] = strawberry.field(
        description=f"Social media accounts (at most {MAX_SNS_LINKS}).",
        extensions=at_most(MAX_SNS_LINKS),
    )


@strawberry_django.type(
    GroupPhoto, name="GroupPhoto", description="A photo of a group's activities."
)
class GroupPhotoType:
    image: ImageType = model_field(description="The photo.")
    caption: str = model_field(description="Caption (Japanese).")


@strawberry_django.type(GroupPage, name="Group", description="A group's public profile.")
class GroupType(PageInterface):
    name_kana: str = model_field(description="Name in hiragana, used for あいうえお order.")
    organisation_type: OrganisationTypeEnum = model_field(description="Kind of organisation.")
    activity_fields: list[ActivityFieldType] = model_field(
        description="Activity fields.", extensions=at_most(NPO_ACTIVITY_FIELDS)
    )
    district: DistrictType | None = model_field(description="Area the group is based in.")
    summary: str = model_field(description="One-line introduction (Japanese).")
    meeting_schedule: str = model_field(description="When it meets, free text.")
    meeting_place: str = model_field(description="Where it meets, free text.")
    approximate_members: int | None = model_field(description="Approximate members.")
    recruiting: bool = model_field(description="Whether the group is looking for members.")
    participation_conditions: str = model_field(
        description="What it takes to join (参加するための条件)."
    )
    participation_benefits: str = model_field(
        description="What members gain (参加して得られること)."
    )
    logo: ImageType | None = model_field(description="The group's logo.")
    photos: list[GroupPhotoType] = model_field(
        description=f"Photos of its activities (at most {MAX_GROUP_PHOTOS}).",
        extensions=at_most(MAX_GROUP_PHOTOS),
    )
    related_actions: list[ActionType] = model_field(
        description="Plan actions the group takes part in, by number.",
        extensions=at_most(PLAN_ACTIONS),
    )
    events: list[Annotated["EventType", strawberry.lazy("graphql_api.events.types")]] = model_field(
        field_name="organised_events",
        description="Public events it organises, by first session, a page at a time.",
        pagination=True,
        extensions=[BoundedPagination()],
    )
    last_confirmed: dt.date | None = model_field(
        description="When the city last confirmed the profile with the group."
    )
    is_sample: bool = model_field(
        description="True for invented demonstration content; show it as a sample (サンプル)."
    )
    name: str = model_field(field_name="title", description="Name of the group (Japanese).")

    @strawberry_django.field(description="Introduction (Japanese rich text).")
    def description(self) -> RichTextType:
        return rich_text(self.description)

    @strawberry_django.field(description="Main activities (Japanese rich text).")
    def activities(self) -> RichTextType:
        return rich_text(self.activities)

    @strawberry_django.field(description="Published contact details.")
    def contact(self) -> GroupContactType:
        return GroupContactType(
            name=self.contact_name,
            phone=self.contact_phone,
            email=self.contact_email,
            website=self.website,
            sns=[
                SnsLinkType(service=link.value["service"], url=link.value["url"])
                for link in self.sns_links
            ],
        )
