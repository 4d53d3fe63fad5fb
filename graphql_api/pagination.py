"""List fields: offset pagination with a hard upper bound and a clear error beyond it."""

import types

import strawberry
from graphql import GraphQLError
from strawberry.extensions import FieldExtension
from strawberry.types.base import get_object_definition
from strawberry_django.pagination import OffsetPaginated, OffsetPaginationInfo

MAX_LIMIT = 100
DEFAULT_LIMIT = 20


def check_pagination(pagination):
    """Raise a readable error for a page size or offset strawberry-django would silently clamp."""
    if pagination is None:
        return
    limit, offset = getattr(pagination, "limit", None), getattr(pagination, "offset", 0)
    if isinstance(limit, int) and not 1 <= limit <= MAX_LIMIT:
        raise GraphQLError(f"pagination.limit must be between 1 and {MAX_LIMIT}; got {limit}.")
    if isinstance(offset, int) and offset < 0:
        raise GraphQLError(f"pagination.offset must not be negative; got {offset}.")


class BoundedPagination(FieldExtension):
    """Checks the `pagination` argument before the list is built."""

    def apply(self, field):
        # strawberry-django adds `pagination` itself to a paginated relation, without a word.
        for argument in field.arguments:
            if argument.python_name == "pagination" and not argument.description:
                argument.description = PAGINATION_DESCRIPTION

    def resolve(self, next_, source, info, **kwargs):
        check_pagination(kwargs.get("pagination"))
        return next_(source, info, **kwargs)


def list_type(node_type, name, what):
    """`<name> { totalCount results pageInfo }`: one page of a list and the size of the whole."""

    def page_info(self) -> OffsetPaginationInfo:
        return OffsetPaginated.page_info(self)

    def describe_page_info(namespace):
        namespace["page_info"] = strawberry.field(
            page_info, description="The offset and limit this page was cut with."
        )

    list_class = strawberry.type(
        types.new_class(name, (OffsetPaginated[node_type],), exec_body=describe_page_info),
        name=name,
        description=f"One page of {what}, with the total number of matches.",
    )
    # strawberry-django's optimizer reads the node type from `type_var_map`, which only the
    # anonymous generic alias fills in; a named subclass keeps it in `specialized_type_var_map`.
    definition = get_object_definition(list_class, strict=True)
    definition.type_var_map = definition.specialized_type_var_map
    return list_class


PAGINATION_DESCRIPTION = (
    f"Which slice of the list: offset (from 0) and limit (1–{MAX_LIMIT}, default {DEFAULT_LIMIT})."
)
