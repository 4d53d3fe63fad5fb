"""The shared response cache in front of the website's pages and the feeds, and the one language
its public answers are in.

Only anonymous GETs (and HEADs, answered like them) are served from it: a visitor with a session
(an editor, someone who opened a password-protected page) always gets a response made for them.
What may be stored is decided on the response (caching/http.py): Wagtail marks view-restricted
pages never-cache, previews are private, and anything setting a cookie is personal.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control

from cms.channel_names import ACCESS_CONTROLLED_PATH, KEY_PARAMETER

from .consumers import consumer_class
from .http import SAFE_METHODS
from .serve import cached_response

# The admin and documents (which may sit in private collections) are never cached; the GraphQL
# view caches itself, with a key made from the parsed query rather than the URL. The health
# checks must report on this process as it is, not a cached answer, and cost no cache call.
UNCACHED_PREFIXES = ("/admin/", "/documents/", "/graphql/", "/_util/", "/healthz", "/readyz")
# Where the language still follows the browser (Django's LocaleMiddleware), as it always has.
ADMIN_PREFIXES = ("/admin/", "/django-admin/")


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
        request.method in SAFE_METHODS
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


class PublicLanguageMiddleware(LocaleMiddleware):
    """The public site is Japanese whatever Accept-Language asks; the admin is left to Django.

    Django's LocaleMiddleware would activate English for a browser that prefers it: the same
    Japanese body then said `Content-Language: en`, carried `Vary: Accept-Language` (a copy per
    language in every proxy), and the response cache, whose key holds the active language, kept
    one entry per language. Public answers now say `Content-Language: ja` (a view may say
    otherwise, as the feeds' English error messages do) and vary by nothing of the kind.
    """

    def process_request(self, request):
        if request.path_info.startswith(ADMIN_PREFIXES):
            return super().process_request(request)
        translation.activate(settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()
        return None

    def process_response(self, request, response):
        if request.path_info.startswith(ADMIN_PREFIXES):
            return super().process_response(request, response)
        response.headers.setdefault("Content-Language", settings.LANGUAGE_CODE)
        return response
