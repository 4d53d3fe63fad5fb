"""Which errors consumers may read in full, and which are masked."""

from graphql import GraphQLError

MASKED_MESSAGE = "Unexpected error. The problem has been logged; please try again later."


def should_mask_error(error: GraphQLError) -> bool:
    """Mask anything that is not a deliberate, readable GraphQL error.

    Validation errors (unknown fields, wrong variable types) and errors raised on purpose as
    GraphQLError stay readable; an unexpected exception would leak internals, so it is masked.
    """
    original = error.original_error
    return original is not None and not isinstance(original, GraphQLError)
