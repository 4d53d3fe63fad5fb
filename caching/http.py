"""HTTP caching for public responses: validators (a strong ETag, Last-Modified), 304 when the
client's copy is current, and how long to reuse them.

Pages (HTML) are `public, no-cache`: a browser or proxy may keep them but asks before every use,
so the next load after a publish shows the change, and an unchanged page costs a 304 answered
from the shared response cache without SQL. No shared-cache lifetime (s-maxage) either: the city's
proxy would then show the old page to everyone behind it, editors included, for that long, and
saves little over a 304 the response cache answers. The API and feeds keep a short max-age, as
documented to partners (docs/api.md): machines poll them, and pollers that must see changes
sooner revalidate themselves, as the signage screens do.

Conditional requests are answered last, on the way out (caching/compression.py), because the
validator a client holds belongs to one encoding of the body: the 304 is made there, above
Django's CommonMiddleware, so it carries no Content-Length (RFC 9110 forbids a wrong one).
"""

import hashlib

from django.conf import settings
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, parse_http_date_safe

# A response marked with any of these is someone's own, or must be fetched anew every time.
PRIVATE_DIRECTIVES = ("private", "no-store", "no-cache")
# Copied onto a 304 besides what Django copies (the fields RFC 9110, section 15.4.5 asks for,
# and Last-Modified); no other representation metadata (Content-Type, -Language, -Length).
NOT_MODIFIED_EXTRA_HEADERS = ("X-Cache",)
SAFE_METHODS = ("GET", "HEAD")


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


def mark_public(response, etag, modified_at=None):
    """Validators and reuse times for a public GET or HEAD; `modified_at` (seconds since the
    epoch) becomes Last-Modified."""
    response["ETag"] = etag
    if modified_at:
        response["Last-Modified"] = http_date(modified_at)
    if is_page(response):
        patch_cache_control(response, public=True, no_cache=True)
        return
    patch_cache_control(
        response,
        public=True,
        max_age=settings.PUBLIC_CACHE_MAX_AGE,
        stale_while_revalidate=settings.PUBLIC_CACHE_STALE_WHILE_REVALIDATE,
    )


def conditional_answer(request, response):
    """304 when the client's copy is current (If-None-Match, else If-Modified-Since), 412 when a
    precondition fails, otherwise `response` itself; RFC 9110 section 13.2.2 through Django.

    If-None-Match compares weakly, so a proxy that recompressed the body and marked the tag W/
    still gets its 304. The 304 is a new, empty response: no Content-Length or Content-Type.
    """
    if request.method not in SAFE_METHODS or not 200 <= response.status_code < 300:
        return response
    etag = response.get("ETag")
    last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
    if not etag and not last_modified:
        return response
    answer = get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=response
    )
    if answer is not response and answer.status_code == 304:
        for header in NOT_MODIFIED_EXTRA_HEADERS:
            if header in response:
                answer[header] = response[header]
    return answer
