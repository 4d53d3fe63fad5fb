"""What this process knows about the database being out of reach, and how long a request waits.

A request has a 2-second budget for the database: 1 s to get a connection, and 1.5 s for any one
answer (settings DATABASE_REQUEST_CONNECT_SECONDS and DATABASE_REQUEST_ANSWER_SECONDS; an
editor's save in the admin waits DATABASE_ADMIN_SAVE_ANSWER_SECONDS for an answer). Within the
answer's time PostgreSQL itself cancels a statement that runs too long (`statement_timeout`,
CANCEL_MARGIN_SECONDS earlier, so its answer arrives in time): a slow statement fails its own
request with a 503 and nothing more. Only a server that cannot be reached, or that sends nothing
at all until the answer's time is up, is an outage: the request is answered 503
(reliability/middleware.py) instead of holding a sync worker that cached responses would queue
behind, and the process stops trying for RETRY_SECONDS, so an outage costs one timeout per
worker now and then rather than one per request, and a GraphQL query with several fields fails
once.

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
# How much sooner than the client gives up on an answer the server cancels a statement: time for
# the cancellation to travel back, so that a slow statement is never mistaken for silence.
CANCEL_MARGIN_SECONDS = 0.3
# SQLSTATE query_canceled: PostgreSQL's answer to a statement stopped at statement_timeout.
QUERY_CANCELED = "57014"

_in_request = contextvars.ContextVar("database_waits_bounded", default=False)
_answer_seconds = contextvars.ContextVar("database_answer_seconds", default=None)
_failure = contextvars.ContextVar("database_failure", default=None)


def answer_budget(request):
    """Seconds this request waits for any one database answer. An editor's save in the admin
    waits longer: a slow query there must not turn a save into a 503."""
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


def statement_milliseconds():
    """The statement_timeout for this request, or None outside requests (the server's own)."""
    if not in_request():
        return None
    return max(1, round((answer_seconds() - CANCEL_MARGIN_SECONDS) * 1000))


def note_failure(error):
    """Remember that the database failed this request, even where the error was caught (GraphQL
    resolvers turn exceptions into `errors`). The first failure is kept: what follows from it
    (a connection refused after a silence, statements not run after a cancelled one) would only
    hide the cause."""
    if in_request() and _failure.get() is None:
        _failure.set(error)


def failure():
    """The database error this request met, or None."""
    return _failure.get()


def statement_cancelled(error):
    """True for a statement the server cancelled (at statement_timeout): the database is alive
    and answered, so this is no outage. Django's errors carry the driver's as their cause."""
    while error is not None:
        if getattr(error, "sqlstate", None) == QUERY_CANCELED:
            return True
        error = error.__cause__
    return False


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
    """A connection failed or sent nothing within the answer's time: wait RETRY_SECONDS before
    the next attempt. A cancelled statement is not one of these."""
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
