"""Production settings on the benchmark's own database and cache, plus the two baselines.

Every process of a run (gunicorn, the SQL probe, the driver's `manage.py migrate` and
`collectstatic`, the data generator) imports this module, so production's required variables get their bench values
here rather than in each caller. The benchmark never touches the development database:
DATABASE_URL and REDIS_URL come from BENCH_DATABASE_URL and BENCH_REDIS_URL only.
"""

import os
import tempfile
from pathlib import Path

from bench import services

os.environ["DATABASE_URL"] = services.DATABASE_URL
os.environ["REDIS_URL"] = services.REDIS_URL
os.environ.setdefault("SECRET_KEY", "benchmark-only-not-a-secret")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("PUBLIC_BASE_URL", "http://127.0.0.1")

from cms.settings.production import *  # noqa: F403
from cms.settings.production import INSTALLED_APPS

ROOT_URLCONF = "bench.urls"
INSTALLED_APPS = [*INSTALLED_APPS, "wagtail.api.v2", "rest_framework"]

# wrk speaks plain HTTP to 127.0.0.1; there is no TLS proxy in front.
SECURE_SSL_REDIRECT = False
# One load generator on one address would hit the anonymous limit within a second; the
# counting itself (a cache round trip per API request) stays in the measured path.
ANONYMOUS_RATE_LIMIT_PER_MINUTE = 10**9
# The Wagtail API v2 baseline serves the same 50 events per page as the GraphQL list.
WAGTAILAPI_LIMIT_MAX = 100

# Static files as production serves them (WhiteNoise, hashed names from the manifest), collected
# by the driver into a folder of their own so a bench run leaves the project's staticfiles alone.
STATIC_ROOT = Path(
    os.environ.get("BENCH_STATIC_ROOT", Path(tempfile.gettempdir()) / "kamagaya-bench-static")
)
