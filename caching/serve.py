"""One path for every cached channel: look the response up, or produce and keep it.

Views and middleware give the parts that make a response what it is (host, path, normalised
query, consumer class); the content generation is added here, so a publish anywhere makes every
server produce a fresh response on its next request. GET and HEAD responses also get an ETag, a
Last-Modified (when their body was first served, caching/store.py) and say how long browsers and
proxies may reuse them (caching/http.py: pages revalidate every time, the API and feeds have a
short max-age); POST responses are shared in this cache only. Conditional requests are answered
on the way out (caching/compression.py), where the ETag of the encoding sent is known.

HEAD is answered from the entry GET keeps, with the same headers. A HEAD that misses is produced
by the view like a GET but never kept: a view could answer HEAD with less than GET, and that must
not become the GET's entry.

The key holds the active language, which is Japanese for every public path whatever the request's
Accept-Language (caching/middleware.py), so one entry serves every visitor.

Stale-if-error: an entry outlives its freshness by RESPONSE_CACHE_STALE_IF_ERROR_SECONDS, and is
served (`X-Cache: stale`) only when producing the response failed because the database is out
of reach. It holds the content generation like every entry, so an outage never brings back what
an editor has unpublished or changed since.
"""

from django.conf import settings
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from reliability import outage

from .generation import current_generation
from .http import SAFE_METHODS, is_shareable, mark_public
from .store import StoredResponse, fetch, keep, response_key

CACHE_STATUS_HEADER = "X-Cache"
# Past its freshness: no browser or proxy may keep it as if it were fresh.
STALE_CACHE_CONTROL = "no-store"


def session_written(request):
    """A view that stored something in a new visitor's session made the response theirs."""
    session = getattr(request, "session", None)
    return session is not None and session.modified


def session_read(request):
    """A view that looked at the session (Wagtail's user bar asks who is signed in) made a
    response that depends on the Cookie header: anyone signed in gets another one."""
    session = getattr(request, "session", None)
    return session is not None and session.accessed


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
        if session_read(request):
            # SessionMiddleware adds this on the way out, but only to the response that read
            # the session: said in the entry, a hit or a HEAD says it too.
            patch_vary_headers(response, ("Cookie",))
        stored = StoredResponse.of(response)
        if key:
            stored = stored.first_served_at(parts)
            if request.method != "HEAD":
                keep(key, stored, seconds)
                response[CACHE_STATUS_HEADER] = "miss"
    if request.method not in SAFE_METHODS:
        return response
    mark_public(response, stored.etag, stored.modified_at)
    return response


def failed_for_the_database(response):
    return response.status_code >= 500 and outage.failure() is not None


def stale(stored):
    response = stored.to_response()
    response[CACHE_STATUS_HEADER] = "stale"
    response["Cache-Control"] = STALE_CACHE_CONTROL
    return response
