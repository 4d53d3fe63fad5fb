"""Types shared by every domain: pages, images and rich text."""

import datetime as dt
from enum import Enum
from typing import Annotated

import strawberry
import strawberry_django
from strawberry.types import Info
from wagtail.images.models import Filter
from wagtail.rich_text import expand_db_html, get_text_for_indexing

from home.models import CustomImage
from home.models.visibility import public_pages

from ..context import absolute_url
from .fields import model_field

SRCSET_WIDTHS = (320, 640, 1280)


@strawberry.enum(
    description="Fixed image sizes; arbitrary Wagtail filter strings are not accepted."
)
class ImagePreset(Enum):
    THUMBNAIL = "fill-160x160"
    CARD = "fill-640x360"
    HERO = "width-1600"
    SIGNAGE = "fill-1920x1080"


# One Filter per preset for the life of the process: a Filter parses its spec (with `inspect`)
# the first time it is used, which cost more than the rest of get_rendition for a list of 50.
PRESET_FILTERS = {preset: Filter(spec=preset.value) for preset in ImagePreset}


@strawberry.type(name="Rendition", description="An image resized to one of the fixed presets.")
class RenditionType:
    url: str = strawberry.field(description="Absolute URL of the resized image.")
    width: int = strawberry.field(description="Width in pixels.")
    height: int = strawberry.field(description="Height in pixels.")


@strawberry_django.type(CustomImage, name="Image", description="An image with its alt text.")
class ImageType:
    width: int = model_field(description="Width of the original in pixels.")
    height: int = model_field(description="Height of the original in pixels.")

    @strawberry_django.field(description="Absolute URL of the original file.")
    def url(self, info: Info) -> str:
        return absolute_url(info, self.file.url)

    @strawberry_django.field(description="Alternative text describing the image (Japanese).")
    def alt(self) -> str:
        return self.description

    @strawberry_django.field(
        description="srcset attribute value: widths 320, 640 and 1280 (never wider than the original).",
        prefetch_related=["renditions"],
    )
    def srcset(self, info: Info) -> str:
        filters = [f"width-{width}" for width in SRCSET_WIDTHS]
        renditions = self.get_renditions(*filters)
        return ", ".join(
            f"{absolute_url(info, rendition.url)} {rendition.width}w"
            for rendition in renditions.values()
        )

    @strawberry_django.field(
        description="The image resized to a fixed preset.", prefetch_related=["renditions"]
    )
    def rendition(
        self,
        info: Info,
        preset: Annotated[ImagePreset, strawberry.argument(description="Which size.")],
    ) -> RenditionType:
        # get_renditions, unlike get_rendition, does not write a prefetched rendition back to
        # the cache (a pickle and a cache write per image): 0.5 ms instead of 2.6 for 50 images.
        (rendition,) = self.get_renditions(PRESET_FILTERS[preset]).values()
        return RenditionType(
            url=absolute_url(info, rendition.url), width=rendition.width, height=rendition.height
        )


@strawberry.type(name="RichText", description="Editor-written rich text.")
class RichTextType:
    html: str = strawberry.field(
        description="HTML with internal page links and embeds resolved to their public form."
    )
    text: str = strawberry.field(description="Plain text without markup, for screens and feeds.")


def rich_text(value):
    """RichText for a RichTextField value; internal links become public URLs."""
    html = expand_db_html(value or "")
    return RichTextType(html=html, text=" ".join(get_text_for_indexing(html).split()))


# Wagtail's `.specific` pages are plain subclasses, so each model names its GraphQL type here.
GRAPHQL_TYPE_OF_PAGE_MODEL = {
    "homepage": "Home",
    "planpage": "Plan",
    "visionpage": "Vision",
    "actionpage": "Action",
    "groupindexpage": "GroupIndex",
    "grouppage": "Group",
    "eventindexpage": "EventIndex",
    "eventpage": "Event",
    "noticeindexpage": "NoticeIndex",
    "noticepage": "Notice",
}


@strawberry.interface(name="PageInterface", description="Fields every public page has.")
class PageInterface:
    @classmethod
    def resolve_type(cls, obj, info, type_):
        return GRAPHQL_TYPE_OF_PAGE_MODEL[obj._meta.model_name]

    @classmethod
    def get_queryset(cls, queryset, info, **kwargs):
        """Every page type, at the top level and in nested lists, shows public pages only."""
        return public_pages(queryset)

    id: strawberry.ID = model_field(description="Unique page id.")
    title: str = model_field(description="Page title (Japanese).")
    slug: str = model_field(description="URL slug, unique among its siblings.")

    @strawberry.field(description="Path on the public website, e.g. /events/bousai/.")
    def url_path(self, info: Info) -> str | None:
        return self.get_url(request=info.context.request, current_site=None)

    @strawberry.field(description="Absolute URL on the public website.")
    def url(self, info: Info) -> str | None:
        return absolute_url(info, self.get_url(request=info.context.request))

    @strawberry.field(description="Kind of page, e.g. event, group, action, vision, notice.")
    def page_type(self) -> str:
        return type(self)._meta.model_name.removesuffix("page") or "page"

    @strawberry.field(description="When the live version was last published.")
    def last_published_at(self) -> dt.datetime | None:
        return self.last_published_at
