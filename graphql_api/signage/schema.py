from typing import Annotated

import strawberry
from graphql import GraphQLError

from signage.models import SignageScreen

from .content import signage_content
from .types import SignageContentType

# Long enough for any real slug (50), short enough that a flood of text is not echoed back.
QUOTED_SLUG_LENGTH = 60


@strawberry.type
class SignageQuery:
    @strawberry.field(
        description="Everything one signage screen shows at this moment. An unknown or "
        "inactive screen is an error."
    )
    def signage(
        self,
        screen: Annotated[
            str, strawberry.argument(description="The screen's slug, as in /signage/<slug>/.")
        ],
    ) -> SignageContentType:
        found = SignageScreen.objects.active().select_related("venue").filter(slug=screen).first()
        if found is None:
            raise GraphQLError(f"Unknown signage screen '{screen[:QUOTED_SLUG_LENGTH]}'")
        return signage_content(found)
