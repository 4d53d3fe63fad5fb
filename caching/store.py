"""Whole responses kept in Django's cache, under keys that hold the content generation."""

import hashlib
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

from .http import strong_etag

logger = logging.getLogger(__name__)

KEY_PREFIX = "response:"


def response_key(generation, parts):
    """One short key for the generation and everything that makes the response what it is.

    The release is part of it, so during a rolling deploy old and new servers never serve each
    other's output (templates or the schema may differ).
    """
    text = "\x1f".join([generation, settings.RELEASE, *parts])
    return KEY_PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class StoredResponse:
    status: int
    headers: tuple
    content: bytes
    etag: str
    stored_at: float = 0.0  # wall-clock time, shared by every server

    @classmethod
    def of(cls, response):
        return cls(
            response.status_code,
            tuple(response.items()),
            response.content,
            strong_etag(response.content),
            time.time(),
        )

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


def keep(key, stored, seconds):
    """Keep a response `seconds`, and then as a stale copy for a database outage (serve.py)."""
    cache.set(key, stored, timeout=seconds + settings.RESPONSE_CACHE_STALE_IF_ERROR_SECONDS)
