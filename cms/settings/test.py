"""Tests: fast hashing, in-memory cache, media in a temporary folder."""

import tempfile

from .dev import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {**CACHES, "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}  # noqa: F405
MEDIA_ROOT = tempfile.mkdtemp(prefix="kamagaya-test-media-")
ALLOWED_HOSTS = ["*"]
# Not the test client's "testserver": tests prove absolute URLs come from here, not from the Host.
PUBLIC_BASE_URL = "http://localhost"
WAGTAILADMIN_BASE_URL = PUBLIC_BASE_URL
# The suite makes hundreds of API calls from one address; limit tests override this.
ANONYMOUS_RATE_LIMIT_PER_MINUTE = 1_000_000
# As in production; the signage tests that need short timings switch it on.
SIGNAGE_TIMING_OVERRIDES = False
# Tests measure the work a response costs (SQL counts, time-dependent lists); the shared response
# cache is on in tests/caching/test_response_cache.py, tests/caching/test_scale_out.py and the signage ETag tests.
RESPONSE_CACHE_SECONDS = 0
