"""Start the app with gunicorn (gunicorn.conf.py) as its own process, as production runs it."""

import os
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager, nullcontext
from pathlib import Path
from urllib.parse import quote

import requests
from django.db import connection
from django.db.utils import load_backend

from bench.server import free_port, stop, wait_until_serving
from tests.clock import server_clock_environment

ROOT = Path(__file__).resolve().parents[1]


def database_url(settings_dict=None):
    """The test database as a DATABASE_URL, so a server process reads what the test wrote."""
    db = settings_dict or connection.settings_dict
    # By vendor, not ENGINE: production runs Django's backend through reliability.postgresql.
    if load_backend(db["ENGINE"]).DatabaseWrapper.vendor != "postgresql":
        raise RuntimeError("App server tests need PostgreSQL: set DATABASE_URL (see README).")
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@contextmanager
def app_server(redis_url, workers=2, log=None, **environment):
    """A gunicorn server on a free port; yields its base URL and stops it afterwards.

    `log`, a binary file, receives the server's log for the test to read; a temporary file
    otherwise.
    """
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.server_settings",
        "SECRET_KEY": "app-server-test-only",
        "ALLOWED_HOSTS": "127.0.0.1",
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        "DATABASE_URL": database_url(),
        "REDIS_URL": redis_url,
        "SECURE_SSL_REDIRECT": "false",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(workers),
        **server_clock_environment(),
        **environment,
    }
    # A file, not a pipe: nobody reads gunicorn's log while the test runs, and a full pipe
    # would stop the server.
    with nullcontext(log) if log else tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "cms.wsgi", "-c", "gunicorn.conf.py"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            try:
                wait_until_serving(process, url)
            except RuntimeError as error:
                log.seek(0)
                raise RuntimeError(f"{error}:\n{log.read().decode()[-3000:]}") from None
            yield url
        finally:
            stop(process, seconds=10)


def timed(method, url, **options):
    """A request to an app server, and how many seconds its answer took."""
    started = time.monotonic()
    response = requests.request(method, url, timeout=10, **options)
    return response, time.monotonic() - started
