"""The shared response cache in front of the website's pages and the feeds.

Only anonymous GETs are served from it: a visitor with a session (an editor, someone who opened a
password-protected page) always gets a response made for them. What may be stored is decided on
the response (caching/http.py): Wagtail marks view-restricted pages never-cache, previews are
private, and anything setting a cookie is personal.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.utils.cache import patch_cache_control

from cms.channel_names import ACCESS_CONTROLLED_PATH, KEY_PARAMETER

from .consumers import consumer_class
from .serve import cached_response

# The admin and documents (which may sit in private collections) are never cached; the GraphQL
# view caches itself, with a key made from the parsed query rather than the URL. The health
# checks must report on this process as it is, not a cached answer, and cost no cache call.
UNCACHED_PREFIXES = ("/admin/", "/documents/", "/graphql/", "/_util/", "/healthz", "/readyz")


def canonical_query(request):
    """The query string in a stable order, so ?a=1&b=2 and ?b=2&a=1 share an entry.

    Partners may put their key in a feed's URL, which the feed leaves out of what it writes; on
    pages (whose pager links repeat the query string) it stays part of the key like any parameter.
    """
    ignored = KEY_PARAMETER if ACCESS_CONTROLLED_PATH.match(request.path_info) else None
    pairs = sorted(
        (name, value) for name, values in request.GET.lists() if name != ignored for value in values
    )
    return urlencode(pairs)


def may_use_shared_cache(request):
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(UNCACHED_PREFIXES)
    )


class PublicResponseCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not may_use_shared_cache(request):
            response = self.get_response(request)
            if settings.SESSION_COOKIE_NAME in request.COOKIES:
                # Made for someone signed in (the editor's toolbar): no shared cache may keep it.
                patch_cache_control(response, private=True)
            return response
        parts = ("page", request.path, canonical_query(request), consumer_class(request))
        return cached_response(request, parts, lambda: self.get_response(request))
