"""A document's cost: the most objects its answer can hold, computed before anything runs.

Every object in the answer costs 1, and so does every item of a list of plain values. A list
field multiplies what is selected under it by its length: the page size a consumer asked for
(`pagination.limit`, default 20), or the fixed maximum the field declares (graphql_api/
list_bounds.py). So `events { results { organisers { events { … } } } }` costs
20 + 20×10 + 20×10×20 + … and grows with every level, while a wide query over one list stays
cheap. Fields priced as a whole (a signage screen) cost their declared price.
"""

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    OperationDefinitionNode,
    get_named_type,
    is_composite_type,
    is_list_type,
)
from graphql.execution.values import get_argument_values, get_variable_values
from graphql.type.definition import get_nullable_type
from strawberry.schema.schema_converter import GraphQLCoreConverter

from .list_bounds import COST_METADATA_KEY, AtMost
from .pagination import DEFAULT_LIMIT, MAX_LIMIT

PAGE_RESULTS_FIELD = "results"


def strawberry_field(field_def):
    return (field_def.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)


def declared_price(field_def):
    field = strawberry_field(field_def)
    return (getattr(field, "metadata", None) or {}).get(COST_METADATA_KEY)


def declared_maximum(field_def):
    field = strawberry_field(field_def)
    for extension in getattr(field, "extensions", None) or ():
        if isinstance(extension, AtMost):
            return extension.limit
    return None


def requested_page_size(field_def, node, variables):
    """The page size a field with a `pagination` argument will return, or None."""
    if "pagination" not in field_def.args:
        return None
    try:
        pagination = get_argument_values(field_def, node, variables).get("pagination")
    except GraphQLError:
        return DEFAULT_LIMIT  # execution reports the bad argument
    limit = (
        pagination.get("limit")
        if isinstance(pagination, dict)
        else getattr(pagination, "limit", None)
    )
    if not isinstance(limit, int):
        return DEFAULT_LIMIT
    # Out-of-range limits are refused when the field runs, with their own message.
    return min(max(limit, 1), MAX_LIMIT)


class CostCounter:
    def __init__(self, schema, fragments, variables):
        self.schema = schema
        self.fragments = fragments
        self.variables = variables

    def selections(self, parent_type, selection_set, multiplier, page_size=None, seen=()):
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self.field(parent_type, selection, multiplier, page_size, seen)
            else:
                if isinstance(selection, FragmentSpreadNode):
                    name = selection.name.value
                    if name in seen or name not in self.fragments:
                        continue  # validation refuses cycles and unknown fragments
                    fragment, seen = self.fragments[name], (*seen, name)
                else:
                    fragment = selection
                condition = fragment.type_condition
                fragment_type = (
                    self.schema.get_type(condition.name.value) if condition else parent_type
                )
                total += self.selections(
                    fragment_type, fragment.selection_set, multiplier, page_size, seen
                )
        return total

    def field(self, parent_type, node, multiplier, page_size, seen):
        name = node.name.value
        if name.startswith("__") or not hasattr(parent_type, "fields"):
            return 0  # __typename; introspection is bounded by the schema's size and depth
        field_def = parent_type.fields.get(name)
        if field_def is None:
            return 0
        price = declared_price(field_def)
        if price is not None:
            return multiplier * price
        own_page_size = requested_page_size(field_def, node, self.variables)
        field_type = get_nullable_type(field_def.type)
        if is_list_type(field_type):
            length = (
                own_page_size
                or declared_maximum(field_def)
                or (page_size if name == PAGE_RESULTS_FIELD else None)
                or MAX_LIMIT
            )
            multiplier *= length
        elif not is_composite_type(get_named_type(field_type)):
            return 0
        total = multiplier
        if node.selection_set:
            # A page object (`events { totalCount results }`) passes its size to `results`.
            total += self.selections(
                get_named_type(field_type), node.selection_set, multiplier, own_page_size, seen
            )
        return total


def operation_to_run(document, operation_name):
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is None:
        return operations[0] if len(operations) == 1 else None
    return next((o for o in operations if o.name and o.name.value == operation_name), None)


def document_cost(schema, document, operation_name=None, raw_variables=None):
    """The cost of the operation a request runs, or None when execution will refuse it anyway
    (no such operation, variables of the wrong type) with its own message."""
    operation = operation_to_run(document, operation_name)
    if operation is None:
        return None
    variables = get_variable_values(
        schema, operation.variable_definitions or (), raw_variables or {}
    )
    if isinstance(variables, list):
        return None
    fragments = {
        definition.name.value: definition
        for definition in document.definitions
        if isinstance(definition, FragmentDefinitionNode)
    }
    root = schema.get_root_type(operation.operation)
    return CostCounter(schema, fragments, variables).selections(root, operation.selection_set, 1)
