"""HTTP caching for public responses: a strong ETag, 304 on a match, and how long to reuse them.

Pages (HTML) are `public, no-cache`: a browser or proxy may keep them but asks before every use,
so the next load after a publish shows the change, and an unchanged page costs a 304 answered
from the shared response cache without SQL. No shared-cache lifetime (s-maxage) either: the city's
proxy would then show the old page to everyone behind it, editors included, for that long, and
saves little over a 304 the response cache answers. The API and feeds keep a short max-age, as
documented to partners (docs/api.md): machines poll them, and pollers that must see changes
sooner revalidate themselves, as the signage screens do.
"""

import hashlib

from django.conf import settings
from django.http import HttpResponseNotModified
from django.utils.cache import patch_cache_control
from django.utils.http import parse_etags

# A response marked with any of these is someone's own, or must be fetched anew every time.
PRIVATE_DIRECTIVES = ("private", "no-store", "no-cache")
# Copied onto a 304 so caches keep what they hold in step (RFC 9110, section 15.4.5).
NOT_MODIFIED_HEADERS = ("Cache-Control", "Content-Location", "Expires", "Vary", "X-Cache")


def strong_etag(content):
    return f'"{hashlib.sha256(content).hexdigest()[:32]}"'


def is_shareable(response):
    """A complete, successful response with nothing personal in it."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    directives = response.get("Cache-Control", "").lower()
    return not any(directive in directives for directive in PRIVATE_DIRECTIVES)


def is_page(response):
    return response.get("Content-Type", "").startswith("text/html")


def mark_public(response, etag):
    response["ETag"] = etag
    if is_page(response):
        patch_cache_control(response, public=True, no_cache=True)
        return
    patch_cache_control(
        response,
        public=True,
        max_age=settings.PUBLIC_CACHE_MAX_AGE,
        stale_while_revalidate=settings.PUBLIC_CACHE_STALE_WHILE_REVALIDATE,
    )


def client_has(request, etag):
    # If-None-Match compares weakly: a proxy that compresses the body marks the tag W/.
    known = {
        tag.removeprefix("W/") for tag in parse_etags(request.headers.get("If-None-Match", ""))
    }
    return etag in known or "*" in known


def not_modified(response):
    short = HttpResponseNotModified()
    short["ETag"] = response["ETag"]
    for header in NOT_MODIFIED_HEADERS:
        if header in response:
            short[header] = response[header]
    return short
