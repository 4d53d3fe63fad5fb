"""Django's Redis cache, made safe to lose: while Redis cannot be reached, reads are misses and
writes are dropped, so visitors get uncached responses instead of errors.

Everything that uses the default cache benefits, Wagtail's own site-root cache included. After a
failure the process stops trying for a few seconds, so an outage costs one socket timeout now and
then rather than one per cache call. Counters (`incr`, `decr`) still raise: the rate limiter
decides itself what an unknown count means (partners/ratelimit.py fails open).
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5


class _Outage:
    """When this process may try Redis again; shared by the threads' cache instances."""

    lock = threading.Lock()
    retry_at = 0.0

    @classmethod
    def ongoing(cls):
        return time.monotonic() < cls.retry_at

    @classmethod
    def begin(cls, error):
        with cls.lock:
            first = not cls.ongoing()
            cls.retry_at = time.monotonic() + RETRY_AFTER_SECONDS
        if first:
            logger.warning("Redis cannot be reached; serving without the cache: %s", error)


class FailSafeRedisCache(RedisCache):
    def _guarded(self, operation, default, *args, **kwargs):
        if _Outage.ongoing():
            return default
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except RedisError as error:
            _Outage.begin(error)
            return default

    def get(self, key, default=None, version=None):
        return self._guarded("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._guarded("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._guarded("has_key", False, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded("add", False, key, value, timeout, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._guarded("set", None, key, value, timeout, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded("set_many", list(data), data, timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded("touch", False, key, timeout, version=version)

    def delete(self, key, version=None):
        return self._guarded("delete", False, key, version)

    def delete_many(self, keys, version=None):
        self._guarded("delete_many", None, keys, version)

    def clear(self):
        return self._guarded("clear", False)

    def set_despite_outage(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        """set() that tries even during an outage and raises on failure (caching/generation.py)."""
        try:
            super().set(key, value, timeout, version=version)
        except RedisError as error:
            _Outage.begin(error)
            raise

    def get_despite_outage(self, key, default=None, version=None):
        """get() that tries even during an outage and raises on failure (the /readyz probe)."""
        try:
            return super().get(key, default, version)
        except RedisError as error:
            _Outage.begin(error)
            raise

    def incr(self, key, delta=1, version=None):
        if _Outage.ongoing():
            raise RedisConnectionError("Redis was unreachable moments ago; not retrying yet.")
        try:
            return super().incr(key, delta, version)
        except RedisError as error:
            _Outage.begin(error)
            raise
