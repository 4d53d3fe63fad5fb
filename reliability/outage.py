"""What this process knows about the database being out of reach, and how long a request waits.

A request has a 2-second budget for the database: 1 s to get a connection and 1.5 s for any one
answer (settings DATABASE_REQUEST_CONNECT_SECONDS and DATABASE_REQUEST_ANSWER_SECONDS; an
editor's save in the admin waits DATABASE_ADMIN_SAVE_ANSWER_SECONDS for an answer). Past that
the request is answered 503 (reliability/middleware.py) instead of
holding a sync worker that cached responses would queue behind. After a connection attempt
fails, the process stops trying for RETRY_SECONDS, so an outage costs one timeout per worker now
and then rather than one per request, and a GraphQL query with several fields fails once.

Only requests are bounded: commands (migrate, the loaders, backups) run outside them and wait
as long as libpq lets them, because a long migration is not an outage.
"""

import contextvars
import logging
import threading
import time
from contextlib import contextmanager

from django.conf import settings

logger = logging.getLogger(__name__)

RETRY_SECONDS = 2.0

_in_request = contextvars.ContextVar("database_waits_bounded", default=False)
_answer_seconds = contextvars.ContextVar("database_answer_seconds", default=None)
_failure = contextvars.ContextVar("database_failure", default=None)


def answer_budget(request):
    """Seconds this request waits for any one database answer. An editor's save in the admin
    waits longer: a slow query there must not turn a save into a 503 (and, since a cut answer
    counts as an outage, make the worker refuse everyone for RETRY_SECONDS)."""
    if request.method == "POST" and request.path_info.startswith("/admin/"):
        return settings.DATABASE_ADMIN_SAVE_ANSWER_SECONDS
    return settings.DATABASE_REQUEST_ANSWER_SECONDS


@contextmanager
def request_scope(request):
    """Bound database waits and collect database failures for one request."""
    bounded = _in_request.set(True)
    budget = _answer_seconds.set(answer_budget(request))
    failure = _failure.set(None)
    try:
        yield
    finally:
        _failure.reset(failure)
        _answer_seconds.reset(budget)
        _in_request.reset(bounded)


def in_request():
    return _in_request.get()


def connect_seconds():
    return settings.DATABASE_REQUEST_CONNECT_SECONDS


def answer_seconds():
    return _answer_seconds.get() or settings.DATABASE_REQUEST_ANSWER_SECONDS


def note_failure(error):
    """Remember that the database failed this request, even where the error was caught (GraphQL
    resolvers turn exceptions into `errors`)."""
    if in_request():
        _failure.set(error)


def failure():
    """The database error this request met, or None."""
    return _failure.get()


def summary(error):
    """One line about an error, without the connection details drivers add on further lines."""
    lines = str(error).strip().splitlines()
    return f"{type(error).__name__}: {lines[0] if lines else ''}".rstrip(": ")


class _Outage:
    lock = threading.Lock()
    retry_at = 0.0
    began_at = None


def ongoing():
    """True while this process should not try to connect again yet."""
    return time.monotonic() < _Outage.retry_at


def begin(error):
    """A connection failed or stopped answering: wait RETRY_SECONDS before the next attempt."""
    now = time.monotonic()
    with _Outage.lock:
        first = _Outage.began_at is None
        if first:
            _Outage.began_at = now
        _Outage.retry_at = now + RETRY_SECONDS
    if first:
        # Once per outage and process at ERROR; each failed request adds one WARNING line.
        logger.error("The database cannot be reached; answering 503: %s", summary(error))


def ended():
    """A connection succeeded: forget the outage, and say how long it lasted."""
    if _Outage.began_at is None:
        return
    with _Outage.lock:
        began_at, _Outage.began_at, _Outage.retry_at = _Outage.began_at, None, 0.0
    if began_at is not None:
        logger.warning("The database answers again, after %.1f s.", time.monotonic() - began_at)
