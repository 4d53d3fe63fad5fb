"""The /graphql/ endpoint: JSON errors with a 4xx status for every malformed request."""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from strawberry.django.views import GraphQLView

from .schema import schema


# Read-only and cookie-free for consumers on other sites, so CSRF protection has nothing to guard.
@method_decorator(csrf_exempt, name="dispatch")
class PublicGraphQLView(GraphQLView):
    allow_queries_via_get = True

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        # strawberry answers a request it cannot parse with plain text; consumers expect the
        # GraphQL error shape whatever went wrong.
        if response.status_code >= 400 and not response["Content-Type"].startswith(
            "application/json"
        ):
            message = response.content.decode() or "Bad request."
            return JsonResponse({"errors": [{"message": message}]}, status=response.status_code)
        return response

    def encode_json(self, data):
        # Japanese text as UTF-8 rather than \uXXXX escapes: a third of the bytes on the wire.
        return json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder)

    def create_response(self, response_data, sub_response):
        # A request that produced no data at all (unparsable, invalid, or rejected outright) is the
        # client's mistake: say so with 400 rather than 200.
        if (
            isinstance(response_data, dict)
            and response_data.get("errors")
            and not response_data.get("data")
        ):
            sub_response.status_code = 400
        return super().create_response(response_data, sub_response)


graphql_view = PublicGraphQLView.as_view(
    schema=schema, graphql_ide="graphiql" if settings.DEBUG else None
)
