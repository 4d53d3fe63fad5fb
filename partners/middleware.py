"""Partner keys, per-minute limits and CORS in front of the API and the feeds.

Applies to /graphql/, /feeds/… and each event's calendar.ics; every other URL passes untouched.
Anonymous callers keep full access to public content with a lower limit per client address; a
partner's key raises the limit and lets the partner's own web origins call from browsers.
"""

from django.conf import settings
from django.core.validators import slug_re
from django.db import DatabaseError
from django.http import HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

from cms.channel_names import (
    ACCESS_CONTROLLED_PATH,
    KEY_HEADER,
    KEY_PARAMETER,
    SCREEN_HEADER,
    remote_address,
)
from signage.models import SignageScreen

from .models import Partner, normalise_origin
from .ratelimit import count_request

# ?key= is for calendar subscriptions, which GET; any other caller can send the header.
KEY_PARAMETER_METHODS = {"GET", "HEAD"}

UNKNOWN_KEY_MESSAGE = (
    "Unknown or revoked API key. Ask the city (市民活動推進課) for a key, "
    "or call without one for anonymous access."
)
KEY_PARAMETER_REFUSED_MESSAGE = (
    f"Send the API key in the {KEY_HEADER} header; ?{KEY_PARAMETER}= is accepted on GET "
    "requests only."
)
RATE_LIMITED_MESSAGE = (
    "Too many requests: at most {limit} per minute {who}. Try again in {seconds} seconds."
)

CORS_ALLOWED_METHODS = "GET, POST, OPTIONS"
CORS_ALLOWED_HEADERS = f"{KEY_HEADER}, Content-Type"
CORS_EXPOSED_HEADERS = "Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining"
# Browsers may reuse a preflight answer this long (Chromium caps it at two hours).
PREFLIGHT_MAX_AGE_SECONDS = 600


def error_response(message, status):
    return JsonResponse(
        {"errors": [{"message": message}]}, status=status, json_dumps_params={"ensure_ascii": False}
    )


def request_origin(request):
    """The request's Origin, normalised, or None. Browsers send printable ASCII (a Japanese
    domain as punycode); anything else is no origin, and is never looked up in the database,
    which refuses some characters (a NUL) outright."""
    value = request.headers.get("Origin", "")
    if not (value.isascii() and value.isprintable()):
        return None
    return normalise_origin(value)


def is_preflight(request):
    return request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers


def anonymous_allowance(request):
    """Count a request without a key: per client address, or per address and signage screen.

    An unknown or inactive screen name counts as a plain anonymous request, so the header cannot
    be used to open new allowances at will: there are only as many as the city has screens.
    """
    bucket = f"client:{remote_address(request)}"
    # The civic centre's screens share one public address: each registered, active screen is
    # counted on its own instead of all sharing one anonymous allowance.
    screen = request.headers.get(SCREEN_HEADER, "").strip()
    if is_registered_screen(screen):
        return count_request(f"{bucket}:screen:{screen}", settings.SIGNAGE_RATE_LIMIT_PER_MINUTE)
    return count_request(bucket, settings.ANONYMOUS_RATE_LIMIT_PER_MINUTE)


def is_registered_screen(screen):
    # Only a slug can name a screen; other text (a NUL, which PostgreSQL refuses) is not looked up.
    if not slug_re.fullmatch(screen):
        return False
    try:
        return SignageScreen.objects.filter(slug=screen, is_active=True).exists()
    except DatabaseError:
        # The database is out of reach (reliability/): the screen polls as anonymous, so that
        # the response cache can still answer it with the last content.
        return False


def partner_for_key(raw_key):
    """(the key's partner or None, whether the database could say). During a database outage a
    key cannot be checked: the caller is then served as anonymous, from the response cache
    where it can be, rather than refused as if its key were wrong."""
    try:
        return Partner.for_key(raw_key), True
    except DatabaseError:
        return None, False


def too_many_requests(allowance, partner):
    who = "for this key" if partner else "from one address without a key"
    message = RATE_LIMITED_MESSAGE.format(
        limit=allowance.limit, who=who, seconds=allowance.retry_after
    )
    response = error_response(message, status=429)
    response["Retry-After"] = str(allowance.retry_after)
    return response


def add_rate_limit_headers(response, allowance):
    response["X-RateLimit-Limit"] = str(allowance.limit)
    response["X-RateLimit-Remaining"] = str(allowance.remaining)


def add_cors_headers(response, partner, origin):
    """Let the partner's own pages read the response; every other origin gets nothing."""
    patch_vary_headers(response, ["Origin"])
    if origin and origin in partner.origins():
        response["Access-Control-Allow-Origin"] = origin
        response["Access-Control-Expose-Headers"] = CORS_EXPOSED_HEADERS


def preflight_response(origin):
    """Answer a browser's preflight without reaching the view or counting towards a limit.

    Browsers never send X-Api-Key on a preflight, so the origin is allowed when any active
    partner lists it. That grants nothing by itself: the real request must carry a key whose
    partner lists the origin, or its response has no Access-Control-Allow-Origin and the
    browser keeps it from the page.
    """
    response = HttpResponse(status=204)
    patch_vary_headers(response, ["Origin"])
    if origin and Partner.origin_is_known(origin):
        response["Access-Control-Allow-Origin"] = origin
        response["Access-Control-Allow-Methods"] = CORS_ALLOWED_METHODS
        response["Access-Control-Allow-Headers"] = CORS_ALLOWED_HEADERS
        response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE_SECONDS)
    return response


class PartnerAccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not ACCESS_CONTROLLED_PATH.match(request.path_info):
            return self.get_response(request)
        origin = request_origin(request)
        if is_preflight(request):
            return preflight_response(origin)

        raw_key = request.headers.get(KEY_HEADER, "").strip()
        key_parameter = request.GET.get(KEY_PARAMETER, "").strip()
        if not raw_key and key_parameter:
            if request.method not in KEY_PARAMETER_METHODS:
                return error_response(KEY_PARAMETER_REFUSED_MESSAGE, status=400)
            raw_key = key_parameter

        partner, key_checked = partner_for_key(raw_key) if raw_key else (None, True)
        # The response cache keys partners apart from anonymous callers (caching/consumers.py).
        request.partner = partner
        if partner:
            allowance = count_request(f"partner:{partner.pk}", partner.rate_limit_per_minute)
        else:
            # Requests with a wrong key count against the caller's address too, so trying keys
            # costs the same as any other anonymous request.
            allowance = anonymous_allowance(request)

        if allowance and allowance.exceeded:
            response = too_many_requests(allowance, partner)
        elif raw_key and not partner and key_checked:
            response = error_response(UNKNOWN_KEY_MESSAGE, status=401)
            response["WWW-Authenticate"] = f'ApiKey header="{KEY_HEADER}"'
        else:
            if partner:
                partner.record_use()
            response = self.get_response(request)

        if allowance:
            add_rate_limit_headers(response, allowance)
        # Shared caches must keep a partner's answer (its CORS and limit headers) to the partner,
        # and must not hand an answer without CORS headers to a partner's page.
        patch_vary_headers(response, ["Origin"])
        if partner:
            add_cors_headers(response, partner, origin)
            patch_cache_control(response, private=True)
        return response
