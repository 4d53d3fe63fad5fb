from enum import Enum

import strawberry


@strawberry.enum(name="SortDirection", description="Ascending or descending.")
class SortDirection(Enum):
    ASC = "asc"
    DESC = "desc"


def order_expression(field, direction):
    return f"-{field}" if direction is SortDirection.DESC else field
