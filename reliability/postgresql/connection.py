"""psycopg connections that give up in time during a request (reliability/outage.py).

Two waits can hang: connecting, when something accepts the TCP connection but never answers
(a hung server, a proxy or a firewall that stops forwarding), and any answer on an open
connection that stops forwarding mid-query. Neither TCP keepalives nor `tcp_user_timeout` help
there, since the kernel at the other end still acknowledges every packet, and a server-side
`statement_timeout` cannot help either: its cancellation never comes back through a cut path.
"""

import threading
import time

import psycopg

from .. import outage


class DeadlineConnection(psycopg.Connection):
    """A connection that waits a bounded time for any one answer during a request."""

    def wait(self, gen, *args, **kwargs):
        bounded = outage.in_request() and not args and kwargs.get("timeout") is None
        if not bounded:
            return super().wait(gen, *args, **kwargs)
        seconds = outage.answer_seconds()
        deadline = time.monotonic() + seconds
        try:
            return super().wait(gen, *args, **{**kwargs, "timeout": seconds})
        except psycopg.OperationalError as error:
            if time.monotonic() < deadline:
                raise
            # Abandoned in the middle of the protocol: the connection can never be used again.
            self.close()
            silence = psycopg.OperationalError(f"The database did not answer within {seconds} s.")
            outage.begin(silence)
            raise silence from error


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
            connection = DeadlineConnection.connect(**self.params)
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

    libpq's own `connect_timeout` cannot be shorter than 2 seconds (psycopg turns 1 into 2), the
    whole of a request's budget; so the connection is made in a thread and abandoned if it is
    late. The thread closes a late connection itself.
    """
    if not outage.in_request():
        return DeadlineConnection.connect(**params)
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
