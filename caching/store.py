"""Whole responses kept in Django's cache, under keys that hold the content generation, and when
each URL's present body was first served (its Last-Modified)."""

import hashlib
import logging
import time
from dataclasses import dataclass, replace

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

from .http import strong_etag

logger = logging.getLogger(__name__)

KEY_PREFIX = "response:"
SINCE_PREFIX = "response-since:"
# How long the time a body was first served is remembered: the entry is rewritten only when the
# body changes, so an unchanged URL gets a newer Last-Modified (and one more download per client)
# after this; it also bounds what unique query strings can leave behind in the cache.
SINCE_SECONDS = 7 * 24 * 3600


def response_key(generation, parts):
    """One short key for the generation and everything that makes the response what it is.

    The release is part of it, so during a rolling deploy old and new servers never serve each
    other's output (templates or the schema may differ).
    """
    return KEY_PREFIX + digest([generation, settings.RELEASE, *parts])


def digest(parts):
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class StoredResponse:
    status: int
    headers: tuple
    content: bytes
    etag: str
    stored_at: float = 0.0  # wall-clock time, shared by every server
    modified_at: int | None = None  # when this body was first served for its URL (first_served)

    @classmethod
    def of(cls, response):
        return cls(
            response.status_code,
            tuple(response.items()),
            response.content,
            strong_etag(response.content),
            time.time(),
        )

    def first_served_at(self, parts):
        return replace(self, modified_at=first_served(parts, self.etag))

    def is_fresh(self, seconds):
        return time.time() - self.stored_at < seconds

    def to_response(self):
        response = HttpResponse(self.content, status=self.status)
        for name, value in self.headers:
            response[name] = value
        return response


def fetch(key):
    try:
        return cache.get(key)
    # An entry another release pickled differently is a miss, not a server error.
    except (AttributeError, TypeError, ValueError, ImportError, EOFError) as error:
        logger.warning("Unreadable cached response, ignored: %s", error)
        return None


def first_served(parts, etag):
    """When the response for `parts` first had the body `etag` names, in whole seconds.

    Last-Modified from publish times alone would be wrong here: a list also changes when an
    event is unpublished, a venue renamed or a day passes, and an If-Modified-Since client
    would be told 304 and keep the old list. The time the body itself changed is right for every
    channel and costs no SQL: one cache read per response produced. Each new body gets a later
    second than the one before, so two changes within a second are still told apart.
    Not part of the generation or release, which change without the body changing.
    """
    key = SINCE_PREFIX + digest(parts)
    known_etag, known_since = fetch(key) or (None, 0)
    if known_etag == etag:
        return known_since
    since = max(int(time.time()), known_since + 1)
    cache.set(key, (etag, since), timeout=SINCE_SECONDS)
    return since


def keep(key, stored, seconds):
    """Keep a response `seconds`, and then as a stale copy for a database outage (serve.py)."""
    cache.set(key, stored, timeout=seconds + settings.RESPONSE_CACHE_STALE_IF_ERROR_SECONDS)
