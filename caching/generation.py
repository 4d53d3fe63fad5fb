"""The content generation: one token in the shared cache that every cached response's key holds.

A content change replaces the token, so every server sees every older entry as a miss at once,
without having to find and delete keys (Django's cache API cannot list them). The old entries
simply expire. A random token, not a counter: if the cache loses the key (eviction, restart), a
new token can never coincide with one that old entries were stored under.
"""

import logging
import secrets
import time

from django.core.cache import cache

logger = logging.getLogger(__name__)

GENERATION_KEY = "content-generation"


class _PendingBump:
    """A change this process could not announce; announced before it serves from the cache.

    Retried at most once a second, so a cache that hangs costs one timeout a second, not one
    per request.
    """

    pending = False
    retry_at = 0.0

    @classmethod
    def may_retry(cls):
        return time.monotonic() >= cls.retry_at


def new_token():
    return secrets.token_hex(8)


def current_generation():
    """The token responses are stored under now, or None while the cache cannot be reached."""
    if _PendingBump.pending and not (_PendingBump.may_retry() and bump_generation()):
        return None
    token = cache.get(GENERATION_KEY)
    if token is None:
        # add(), not set(): two servers starting at once must agree on one token.
        cache.add(GENERATION_KEY, new_token(), timeout=None)
        token = cache.get(GENERATION_KEY)
    return token


def bump_generation():
    """Replace the token; True when the cache took it.

    A lost change would leave every server serving the old content, so this tries even while the
    cache backend is sitting out an outage, and a failure is remembered and retried.
    """
    store = getattr(cache, "set_despite_outage", cache.set)
    try:
        store(GENERATION_KEY, new_token(), timeout=None)
    except Exception as error:  # any backend error: the change must still be announced later
        logger.error("Content changed but the response cache could not be told: %s", error)
        _PendingBump.pending = True
        _PendingBump.retry_at = time.monotonic() + 1
        return False
    _PendingBump.pending = False
    return True
