"""Per-request memo for data many objects in one response share (e.g. the 4 visions), and the
absolute URLs every consumer on another host needs."""

from cms.public_address import absolute_url as public_url

REQUEST_CACHE_ATTRIBUTE = "_graphql_request_cache"


def request_cached(info, key, load):
    """`load()` once per HTTP request, whatever the number of objects asking for it."""
    request = info.context.request
    cache = request.__dict__.setdefault(REQUEST_CACHE_ATTRIBUTE, {})
    if key not in cache:
        cache[key] = load()
    return cache[key]


def absolute_url(info, path):
    """Consumers on other hosts (signage, school portals) need absolute URLs: on the portal's
    public address, not the Host this request came through."""
    return public_url(path) if path else None
