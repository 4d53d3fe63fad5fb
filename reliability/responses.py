"""The answer to a request the database failed: 503, GraphQL-shaped JSON in English for the API
and the feeds, a Japanese page for the website and the admin; both say to retry shortly.

A statement the database cancelled at its time limit gets the same 503 and Retry-After, not a
504: the database, not an upstream gateway, was too slow, and clients (the signage screens,
partners) already retry a 503 after Retry-After; a 504 in the logs would also be mistaken for
the reverse proxy's own timeout. Only the API's message says which it was."""

from django.http import HttpResponse, JsonResponse
from django.template import loader

from cms.channel_names import ACCESS_CONTROLLED_PATH

RETRY_AFTER_SECONDS = 5
API_MESSAGE = "The service is temporarily unavailable (database). Please retry shortly."
SLOW_API_MESSAGE = (
    "The request took too long in the database and was stopped. Please retry shortly."
)
API_CODE = "SERVICE_UNAVAILABLE"
# Headers that describe the failed response's body; everything else (CORS, Vary, rate limits)
# still holds for the 503 that replaces it.
BODY_HEADERS = {"content-type", "content-length", "cache-control", "etag", "last-modified"}


def service_unavailable(request, replacing=None, slow=False):
    """`slow`: a statement was cancelled at its time limit, rather than the database out of reach."""
    if ACCESS_CONTROLLED_PATH.match(request.path_info):
        message = SLOW_API_MESSAGE if slow else API_MESSAGE
        error = {"message": message, "extensions": {"code": API_CODE}}
        response = JsonResponse({"errors": [error]}, status=503)
    else:
        # Without the request: its context processors (settings, the user) need the database.
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    if replacing is not None:
        for name, value in replacing.items():
            if name.lower() not in BODY_HEADERS:
                response[name] = value
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
