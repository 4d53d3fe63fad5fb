"""The /graphql/ endpoint: JSON errors with a 4xx status for every malformed request, and
ETags on GET so pollers (signage screens) get 304 Not Modified while nothing changed."""

import hashlib
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponseNotModified, JsonResponse
from django.utils.decorators import method_decorator
from django.utils.http import parse_etags
from django.views.decorators.csrf import csrf_exempt
from strawberry.django.views import GraphQLView

from .errors import MASKED_MESSAGE
from .schema import schema


def json_body_problem(request):
    """Why a POSTed JSON body cannot be a GraphQL request, or None.

    strawberry expects a JSON object and fails with a 500 on anything else (a bare number,
    a string, bytes that are not UTF-8), so those are turned away here with a 400.
    """
    if request.method != "POST" or "json" not in request.content_type:
        return None
    try:
        body = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return "Unable to parse request body as JSON"
    if not isinstance(body, dict):
        return "The request body must be a JSON object."
    return None


def conditional_get(request, response):
    """A strong ETag (hash of the body) on a successful GET, and 304 when the client has it.

    `no-cache` lets clients keep the response but makes them ask each time, so new content
    shows on the next poll.
    """
    if (
        request.method != "GET"
        or response.status_code != 200
        or not response.get("Content-Type", "").startswith("application/json")
    ):
        return response
    etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
    # If-None-Match compares weakly: a proxy that compresses the body marks the tag W/.
    known = {
        tag.removeprefix("W/") for tag in parse_etags(request.headers.get("If-None-Match", ""))
    }
    if etag in known or "*" in known:
        response = HttpResponseNotModified()
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    return response


# Read-only and cookie-free for consumers on other sites, so CSRF protection has nothing to guard.
@method_decorator(csrf_exempt, name="dispatch")
class PublicGraphQLView(GraphQLView):
    allow_queries_via_get = True

    def dispatch(self, request, *args, **kwargs):
        problem = json_body_problem(request)
        if problem:
            return JsonResponse({"errors": [{"message": problem}]}, status=400)
        response = super().dispatch(request, *args, **kwargs)
        # strawberry answers a request it cannot parse with plain text; consumers expect the
        # GraphQL error shape whatever went wrong.
        if response.status_code >= 400 and not response["Content-Type"].startswith(
            "application/json"
        ):
            message = response.content.decode() or "Bad request."
            return JsonResponse({"errors": [{"message": message}]}, status=response.status_code)
        return conditional_get(request, response)

    def encode_json(self, data):
        # Japanese text as UTF-8 rather than \uXXXX escapes: a third of the bytes on the wire.
        return json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder)

    def create_response(self, response_data, sub_response):
        errors = response_data.get("errors") if isinstance(response_data, dict) else None
        if errors:
            # Every error raised on purpose answers a bad request (unknown field, limit, bad
            # filter); only a masked, unexpected exception is the server's fault.
            server_fault = any(error.get("message") == MASKED_MESSAGE for error in errors)
            sub_response.status_code = 500 if server_fault else 400
        return super().create_response(response_data, sub_response)


graphql_view = PublicGraphQLView.as_view(
    schema=schema, graphql_ide="graphiql" if settings.DEBUG else None
)
