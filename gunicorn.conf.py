"""gunicorn settings for production and `make serve`: `gunicorn cms.wsgi -c gunicorn.conf.py`.

Worker model: sync workers, one request at a time each. The work is CPU-bound Python (templates,
GraphQL resolution) between short database and Redis calls, so parallelism comes from processes,
one or two per core; threads would only queue behind the GIL. Slow clients are the reverse
proxy's job (it buffers requests and responses), so a sync worker is never held by a phone on a
slow network. Every worker keeps one persistent database connection (CONN_MAX_AGE), so
PostgreSQL needs `workers × servers` connections plus the admin's. docs/operations.md explains
how to size it.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# Import Django and Wagtail once in the master: workers start faster and share memory pages.
preload_app = True
# A request that takes longer than this is a bug or an outage; the worker is replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so slow growth in memory (caches, fragmentation) stays bounded;
# the jitter keeps them from restarting all at once.
max_requests = 5000
max_requests_jitter = 500
accesslog = "-"
errorlog = "-"
# Calendar apps poll feeds with ?key=: the access log writes request lines with the key replaced.
logger_class = "security.access_log.KeyRedactingLogger"
# Only the reverse proxy on this host may tell gunicorn the client's scheme (X-Forwarded-Proto).
# The production settings read the same variable for whose X-Forwarded-For names the client the
# rate limits count (TRUSTED_PROXY_NETWORKS, cms/channel_names.py); gunicorn itself never does.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
