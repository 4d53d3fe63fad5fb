"""Per-request memo for data many objects in one response share (e.g. the 4 visions)."""

REQUEST_CACHE_ATTRIBUTE = "_graphql_request_cache"


def request_cached(info, key, load):
    """`load()` once per HTTP request, whatever the number of objects asking for it."""
    request = info.context.request
    cache = request.__dict__.setdefault(REQUEST_CACHE_ATTRIBUTE, {})
    if key not in cache:
        cache[key] = load()
    return cache[key]


def absolute_url(info, path):
    """Consumers on other hosts (signage, school portals) need absolute URLs."""
    return info.context.request.build_absolute_uri(path) if path else None
