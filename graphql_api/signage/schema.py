"""The `signage` field: one screen's content, for the kiosk page and its polls."""

from typing import Annotated

import strawberry
from graphql import GraphQLError

from ..list_bounds import priced_as_whole
from .content import signage_content
from .screens import find_active_screen
from .types import SignageContentType

# Long enough for any real slug (50), short enough that a flood of text is not echoed back.
QUOTED_SLUG_LENGTH = 60
# A screen's content is computed once per request from capped lists (content.MAX_TODAY and its
# neighbours), whatever a query selects inside it; the cost analysis prices it as a whole.
SIGNAGE_COST = 500


@strawberry.type
class SignageQuery:
    @strawberry.field(
        description="Everything one signage screen shows at this moment. An unknown or "
        "inactive screen is an error.",
        metadata=priced_as_whole(SIGNAGE_COST),
    )
    def signage(
        self,
        screen: Annotated[
            str, strawberry.argument(description="The screen's slug, as in /signage/<slug>/.")
        ],
    ) -> SignageContentType:
        found = find_active_screen(screen)
        if found is None:
            raise GraphQLError(f"Unknown signage screen '{screen[:QUOTED_SLUG_LENGTH]}'")
        return signage_content(found)
