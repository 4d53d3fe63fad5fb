"""Any page by its path, editors' previews, and site search."""

from typing import Annotated

import strawberry
from graphql import GraphQLError
from strawberry.types import Info
from strawberry_django.pagination import OffsetPaginationInput
from wagtail.models import Page, Site

from home.models.visibility import public_pages
from home.preview.tokens import InvalidPreviewToken, page_from_preview_token
from home.search import search_page_ids

from ..common.types import PageInterface
from ..pagination import DEFAULT_LIMIT, check_pagination

MAX_PATH_LENGTH = 1000
MAX_QUERY_LENGTH = 200


@strawberry.type(name="SearchResultList", description="One page of search results and their total.")
class SearchResultList:
    total_count: int = strawberry.field(description="How many pages match in all.")
    results: list[PageInterface] = strawberry.field(
        description="Matching pages: title matches first, then newest."
    )


def site_root(info):
    site = Site.find_for_request(info.context.request) or Site.objects.get(is_default_site=True)
    return site.root_page


@strawberry.type
class PageQuery:
    @strawberry.field(
        description="Any public page by its path on the website, e.g. /events/, or null."
    )
    def page(
        self,
        info: Info,
        url_path: Annotated[str, strawberry.argument(description="Path such as /plan/vision-1/.")],
    ) -> PageInterface | None:
        if len(url_path) > MAX_PATH_LENGTH:
            raise GraphQLError(f"urlPath must be at most {MAX_PATH_LENGTH} characters.")
        segments = [segment for segment in url_path.split("/") if segment]
        root = site_root(info)
        wanted = root.url_path + "".join(f"{segment}/" for segment in segments)
        return public_pages(Page.objects.filter(url_path=wanted)).specific().first()

    @strawberry.field(
        description="An editor's unpublished preview, from the signed token the admin's "
        "「外部サイトの開発者向け（APIトークン）」 preview shows. Tokens last one hour; never cached."
    )
    def page_preview(
        self,
        info: Info,
        token: Annotated[str, strawberry.argument(description="Token from the admin's preview.")],
    ) -> PageInterface:
        info.context.response["Cache-Control"] = "private, no-store"
        try:
            return page_from_preview_token(token)
        except InvalidPreviewToken:
            raise GraphQLError(
                "The preview token is invalid or has expired; tokens are valid for one hour. "
                "Open the preview in the admin again to get a new one."
            ) from None

    @strawberry.field(
        description="Search public pages. Japanese-aware: terms match inside words "
        "(防災 finds 地域防災訓練); several terms separated by spaces must all match."
    )
    def search(
        self,
        query: Annotated[str, strawberry.argument(description="Search terms.")],
        pagination: Annotated[
            OffsetPaginationInput | None, strawberry.argument(description="Which page of results.")
        ] = None,
    ) -> SearchResultList:
        check_pagination(pagination)
        if len(query) > MAX_QUERY_LENGTH:
            raise GraphQLError(f"query must be at most {MAX_QUERY_LENGTH} characters.")
        ids = search_page_ids(query)
        offset = pagination.offset if pagination else 0
        limit = (
            pagination.limit if pagination and isinstance(pagination.limit, int) else DEFAULT_LIMIT
        )
        page_ids = ids[offset : offset + limit]
        pages = {page.pk: page for page in Page.objects.filter(pk__in=page_ids).specific()}
        return SearchResultList(total_count=len(ids), results=[pages[pk] for pk in page_ids])
