"""One path for every cached channel: look the response up, or produce and keep it.

Views and middleware give the parts that make a response what it is (host, path, normalised
query, consumer class); the content generation is added here, so a publish anywhere makes every
server produce a fresh response on its next request. GET responses also get an ETag and say how
long browsers and proxies may reuse them (caching/http.py: pages revalidate every time, the API and
feeds have a short max-age); POST responses are shared in this cache only.

Stale-if-error: an entry outlives its freshness by RESPONSE_CACHE_STALE_IF_ERROR_SECONDS, and is
served (`X-Cache: stale`) only when producing the response failed because the database is out
of reach. It holds the content generation like every entry, so an outage never brings back what
an editor has unpublished or changed since.
"""

from django.conf import settings
from django.utils.translation import get_language

from reliability import outage

from .generation import current_generation
from .http import client_has, is_shareable, mark_public, not_modified
from .store import StoredResponse, fetch, keep, response_key

CACHE_STATUS_HEADER = "X-Cache"
# Past its freshness: no browser or proxy may keep it as if it were fresh.
STALE_CACHE_CONTROL = "no-store"


def session_written(request):
    """A view that stored something in a new visitor's session made the response theirs."""
    session = getattr(request, "session", None)
    return session is not None and session.modified


def cached_response(request, parts, produce):
    """The response for `parts`, from the shared cache when it holds it; `produce()` otherwise."""
    seconds = settings.RESPONSE_CACHE_SECONDS
    generation = current_generation() if seconds else None
    parts = (*parts, request.scheme, request.get_host(), get_language() or "")
    key = response_key(generation, parts) if generation else None
    stored = fetch(key) if key else None
    if stored is not None and stored.is_fresh(seconds):
        response = stored.to_response()
        response[CACHE_STATUS_HEADER] = "hit"
    else:
        response = produce()
        if stored is not None and failed_for_the_database(response):
            return stale(stored)
        if not is_shareable(response) or session_written(request):
            return response
        stored = StoredResponse.of(response)
        if key:
            keep(key, stored, seconds)
            response[CACHE_STATUS_HEADER] = "miss"
    if request.method != "GET":
        return response
    mark_public(response, stored.etag)
    if client_has(request, stored.etag):
        return not_modified(response)
    return response


def failed_for_the_database(response):
    return response.status_code >= 500 and outage.failure() is not None


def stale(stored):
    response = stored.to_response()
    response[CACHE_STATUS_HEADER] = "stale"
    response["Cache-Control"] = STALE_CACHE_CONTROL
    return response
