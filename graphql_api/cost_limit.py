"""Refuses a document whose cost (graphql_api/cost.py) is over the consumer's budget, before it runs.

Partners with a key get a larger budget than anonymous clients: their portals pull whole terms
of events at once, and their requests are counted per key.
"""

from graphql import ExecutionResult, GraphQLError
from strawberry.extensions import SchemaExtension

from .cost import document_cost
from .limits import PARTNER_COST_LIMIT, PUBLIC_COST_LIMIT

TOO_COSTLY_CODE = "QUERY_TOO_COSTLY"


def cost_limit_for(request):
    return (
        PARTNER_COST_LIMIT if getattr(request, "partner", None) is not None else PUBLIC_COST_LIMIT
    )


def too_costly(cost, limit):
    return GraphQLError(
        f"This query could return up to {cost:,} objects, over the limit of {limit:,}. "
        "Ask for smaller pages (pagination.limit) or fewer nested lists; "
        "docs/api.md explains how the cost is counted.",
        extensions={"code": TOO_COSTLY_CODE, "cost": cost, "limit": limit},
    )


class QueryCostLimiter(SchemaExtension):
    def on_execute(self):
        context = self.execution_context
        document = context.graphql_document
        if document is not None and not context.result:
            cost = document_cost(
                context.schema._schema, document, context.operation_name, context.variables
            )
            limit = cost_limit_for(getattr(context.context, "request", None))
            if cost is not None and cost > limit:
                context.result = ExecutionResult(data=None, errors=[too_costly(cost, limit)])
        yield
