"""The /graphql/ endpoint: JSON errors with a 4xx status for every malformed request, persisted
queries, and the shared response cache with ETags, so pollers (signage screens) get 304 while
nothing changed and repeated queries cost no SQL at all."""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse
from django.utils.cache import patch_vary_headers
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from strawberry.django.views import GraphQLView
from strawberry.http import GraphQLRequestData

from caching.consumers import consumer_class
from caching.serve import cached_response

from .common.frame_stack import call_on_fresh_stack
from .errors import MASKED_MESSAGE
from .media_types import (
    GRAPHQL_RESPONSE,
    JSON,
    NOT_ACCEPTABLE,
    graphql_response_status,
    preferred_media_type,
)
from .request_data import BadGraphQLRequest, read_call
from .schema import schema

CALL_ATTRIBUTE = "graphql_call"
MEDIA_TYPE_ATTRIBUTE = "graphql_media_type"
ALLOWED_METHODS = ("GET", "HEAD", "POST")


def error_response(message, status=400, extensions=None, media_type=JSON):
    error = {"message": message}
    if extensions:
        error["extensions"] = extensions
    return JsonResponse({"errors": [error]}, status=status, content_type=media_type)


def method_not_allowed():
    response = error_response("GraphQL only supports GET and POST requests.", status=405)
    response["Allow"] = ", ".join(ALLOWED_METHODS)
    return response


# Read-only and cookie-free for consumers on other sites, so CSRF protection has nothing to guard.
@method_decorator(csrf_exempt, name="dispatch")
class PublicGraphQLView(GraphQLView):
    allow_queries_via_get = True

    def dispatch(self, request, *args, **kwargs):
        if request.method not in ALLOWED_METHODS:
            return method_not_allowed()
        media_type = preferred_media_type(request)
        if media_type is None:
            if not self.offers_ide_to(request):
                return error_response(NOT_ACCEPTABLE, status=406)
            media_type = JSON  # whatever is not the IDE page is answered as usual
        setattr(request, MEDIA_TYPE_ATTRIBUTE, media_type)
        try:
            call = read_call(request)
        except BadGraphQLRequest as problem:
            return error_response(
                str(problem), problem.status, problem.extensions, media_type=media_type
            )
        setattr(request, CALL_ATTRIBUTE, call)
        parts = call.cache_parts()
        if parts is None:
            return self.answer(request, *args, **kwargs)
        return cached_response(
            request,
            (*parts, consumer_class(request), media_type),
            lambda: self.answer(request, *args, **kwargs),
        )

    def answer(self, request, *args, **kwargs):
        # strawberry knows GET and POST only; HEAD is a GET whose body the server leaves out.
        head = request.method == "HEAD"
        if head:
            request.method = "GET"
        try:
            response = call_on_fresh_stack(super().dispatch, request, *args, **kwargs)
        finally:
            if head:
                request.method = "HEAD"
        media_type = getattr(request, MEDIA_TYPE_ATTRIBUTE, JSON)
        # strawberry answers a request it cannot parse with plain text; consumers expect the
        # GraphQL error shape whatever went wrong.
        if response.status_code >= 400 and not response["Content-Type"].startswith(media_type):
            return error_response(
                response.content.decode() or "Bad request.", response.status_code, None, media_type
            )
        # The same URL answers in either media type: shared caches must keep them apart.
        patch_vary_headers(response, ("Accept",))
        return response

    def offers_ide_to(self, request):
        """In development a browser asking for HTML gets GraphiQL, not 406."""
        return bool(self.graphql_ide) and request.method == "GET" and request.accepts("text/html")

    def should_render_graphql_ide(self, request_adapter):
        # strawberry offers GraphiQL to any GET without `query` that accepts HTML or */*, which
        # is every persisted-query GET from curl or fetch(); those must get their JSON answer.
        call = getattr(request_adapter.request, CALL_ATTRIBUTE, None)
        if call is not None and call.query is not None:
            return False
        return super().should_render_graphql_ide(request_adapter)

    def parse_http_body(self, request_adapter):
        call = getattr(request_adapter.request, CALL_ATTRIBUTE)
        return GraphQLRequestData(
            query=call.query,
            variables=call.variables,
            operation_name=call.operation_name,
            extensions=call.extensions,
        )

    def encode_json(self, data):
        # Japanese text as UTF-8 rather than \uXXXX escapes: a third of the bytes on the wire.
        return json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder)

    def create_response(self, response_data, sub_response):
        if getattr(self.request, MEDIA_TYPE_ATTRIBUTE, JSON) == GRAPHQL_RESPONSE:
            sub_response.status_code, response_data = graphql_response_status(response_data)
            response = super().create_response(response_data, sub_response)
            response["Content-Type"] = GRAPHQL_RESPONSE
            return response
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
