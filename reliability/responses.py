"""The answer to a request the database failed: 503, GraphQL-shaped JSON in English for the API
and the feeds, a Japanese page for the website and the admin; both say to retry shortly."""

from django.http import HttpResponse, JsonResponse
from django.template import loader

from partners.middleware import ACCESS_CONTROLLED_PATH

RETRY_AFTER_SECONDS = 5
API_MESSAGE = "The service is temporarily unavailable (database). Please retry shortly."
API_CODE = "SERVICE_UNAVAILABLE"
# Headers that describe the failed response's body; everything else (CORS, Vary, rate limits)
# still holds for the 503 that replaces it.
BODY_HEADERS = {"content-type", "content-length", "cache-control", "etag", "last-modified"}


def service_unavailable(request, replacing=None):
    if ACCESS_CONTROLLED_PATH.match(request.path_info):
        error = {"message": API_MESSAGE, "extensions": {"code": API_CODE}}
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
