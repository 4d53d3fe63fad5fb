"""Automatic persisted queries (APQ), the store: documents that clients registered themselves, by
the SHA-256 of their text.

Apollo's clients send a hash first and the whole document only when the server does not know
the hash; request_data.py reads both halves of that exchange, this module keeps the documents.
They live in Django's default cache, which is Redis in production, so a document registered
through one server is answered by hash from every other. Only documents that parse and validate
against the schema are kept: a client can store nothing that the API would not run.
"""

import hashlib
import re

from django.core.cache import cache
from graphql import GraphQLError, parse, validate

from .limits import MAX_TOKENS
from .schema import schema

KEY_PREFIX = "graphql-apq:"
# A day. A client that finds its document gone pays one round trip (PersistedQueryNotFound, then
# the POST that registers it again), so a long life saves little; a short one keeps what a retired
# client version or a one-off caller registered from lingering in Redis, which the response cache
# shares (allkeys-lru, docs/operations.md). A day outlives any working session of a page or a
# signage screen, so a steady client re-registers each document at most once a day.
SECONDS = 24 * 3600
SHA256_HEX = re.compile(r"[0-9a-f]{64}")


def sha256_of(query):
    """The hash Apollo clients send: SHA-256 of the document's UTF-8 bytes, lowercase hex."""
    return hashlib.sha256(query.encode("utf-8")).hexdigest()


def registered_document(sha256):
    """The document registered under this hash, or None."""
    # Anything but a hex digest cannot have been registered; it never becomes a cache key.
    if not SHA256_HEX.fullmatch(sha256):
        return None
    return cache.get(KEY_PREFIX + sha256)


def register(query):
    """Keep `query` under its hash if the API could run it; says whether it was kept."""
    if not is_valid(query):
        return False
    cache.set(KEY_PREFIX + sha256_of(query), query, SECONDS)
    return True


def is_valid(query):
    try:
        document = parse(query, no_location=True, max_tokens=MAX_TOKENS)
    except GraphQLError:
        return False
    return not validate(schema._schema, document)
