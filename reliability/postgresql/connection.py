"""psycopg connections that give up in time during a request (reliability/outage.py), through
psycopg's documented API only.

Two waits can hang. Connecting, when something accepts the TCP connection but never answers
(a hung server, a proxy or a firewall that stops forwarding): libpq's `connect_timeout` cannot
be shorter than 2 s, the whole of a request's budget, so the documented `Connection.connect()`
runs in a thread that the request stops waiting for. And any answer on an open connection that
stops forwarding mid-query: every statement (the cursors Django makes, through the connection's
`cursor_factory`), commit and rollback run under the watchdog (watchdog.py), which shuts the
connection's socket (`Connection.fileno()`) down when the answer is overdue.

A statement that is merely slow never gets that far: the server cancels it first
(statement_timeout.py), and the request fails alone, without an outage.
"""

import threading
from contextlib import contextmanager

import psycopg
from django.db.backends.postgresql import base as postgresql

from .. import outage
from .watchdog import watchdog


def silence(seconds):
    """The error for an answer that never came: an outage."""
    error = psycopg.OperationalError(f"The database did not answer within {seconds} s.")
    outage.begin(error)
    return error


@contextmanager
def bounded_answer(connection):
    """During a request, wait at most the request's answer time for what the block waits for;
    past it the connection is cut, the outage begins, and the block raises."""
    if not outage.in_request():
        yield
        return
    try:
        fileno = connection.fileno()
    except psycopg.Error:
        # Closed or lost: the driver raises without waiting.
        yield
        return
    seconds = outage.answer_seconds()
    with watchdog.watch(fileno, seconds) as watch:
        try:
            yield
        except psycopg.Error as error:
            if watch.cut:
                raise silence(seconds) from error
            raise
    if watch.cut:
        # Cut as the answer arrived: the connection is unusable all the same.
        raise silence(seconds)


def refuse_after_cancellation():
    """Once a statement of this request was cancelled, the request is answered 503 anyway: the
    statements after it are not run, so a GraphQL query whose fields each meet the same slow
    table costs one statement's time, not one per field."""
    if outage.in_request() and outage.statement_cancelled(outage.failure()):
        raise psycopg.errors.QueryCanceled(
            "Not run: an earlier statement of this request was cancelled at its time limit."
        )


class AnswerBound:
    """For cursors: every statement's answer is bounded during a request."""

    def execute(self, *args, **kwargs):
        refuse_after_cancellation()
        with bounded_answer(self.connection):
            return super().execute(*args, **kwargs)

    def executemany(self, *args, **kwargs):
        refuse_after_cancellation()
        with bounded_answer(self.connection):
            return super().executemany(*args, **kwargs)


class AnswerBoundCursor(AnswerBound, postgresql.Cursor):
    pass


class AnswerBoundServerBindingCursor(AnswerBound, postgresql.ServerBindingCursor):
    pass


# Django's cursor classes (its OPTIONS "server_side_binding" chooses), and ours in their place.
ANSWER_BOUND_CURSORS = {
    postgresql.Cursor: AnswerBoundCursor,
    postgresql.ServerBindingCursor: AnswerBoundServerBindingCursor,
}


class AnswerBoundConnection(psycopg.Connection):
    """A connection whose commit and rollback are bounded during a request, as its cursors'
    statements are."""

    def commit(self):
        with bounded_answer(self):
            super().commit()

    def rollback(self):
        with bounded_answer(self):
            super().rollback()


class _ConnectionAttempt(threading.Thread):
    """One connection attempt that the requesting thread may stop waiting for."""

    def __init__(self, params, seconds):
        super().__init__(name="database-connect", daemon=True)
        self.params = params
        self.seconds = seconds
        self.lock = threading.Lock()
        self.connection = self.error = None
        self.abandoned = False

    def run(self):
        try:
            connection = AnswerBoundConnection.connect(**self.params)
        except Exception as error:  # handed to the waiting thread, which raises it
            with self.lock:
                self.error = error
            return
        with self.lock:
            if not self.abandoned:
                self.connection = connection
                return
        connection.close()

    def outcome(self):
        with self.lock:
            if self.connection is None and self.error is None:
                self.abandoned = True
                raise psycopg.errors.ConnectionTimeout(
                    f"No connection to the database within {self.seconds} s."
                )
        if self.error is not None:
            raise self.error
        return self.connection


def connect(**params):
    """psycopg.connect(), giving up after a bounded time during a request.

    The abandoned attempt goes on in its thread until libpq's own `connect_timeout` (2 s) ends
    it, and the thread closes a connection that came too late.
    """
    if not outage.in_request():
        return AnswerBoundConnection.connect(**params)
    attempt = _ConnectionAttempt(params, outage.connect_seconds())
    attempt.start()
    attempt.join(attempt.seconds)
    return attempt.outcome()


class PsycopgModule:
    """The psycopg module as Django's backend uses it (`DatabaseWrapper.Database`), except that
    its connect() is the one above."""

    connect = staticmethod(connect)

    def __getattr__(self, name):
        return getattr(psycopg, name)
