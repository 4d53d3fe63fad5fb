"""PostgreSQL's own limit on how long a statement runs, set on the session for each request.

During a request every statement runs under `statement_timeout` (reliability/outage.py): a
statement that is merely slow is cancelled by the server, which answers QueryCanceled (SQLSTATE
57014) and leaves the connection usable for the next request. Outside requests (commands, tests
between requests) the server's default applies again.

A plain `SET` on the session rather than `SET LOCAL` or a connection option:
- Django runs in autocommit, where each statement is its own transaction: `SET LOCAL` would
  last one statement.
- `options=-c statement_timeout=…` at connect would bind every later use of the persistent
  connection, and cannot tell an editor's save (15 s) from a page view (1.5 s).
- `SET` lasts as long as the session, so the persistent connection keeps it: a request pays a
  round trip only when the limit changes (the first request on a connection, an editor's save
  after a page view), not on every request.
"""

from psycopg import sql
from psycopg.pq import TransactionStatus


class SessionStatementTimeout:
    """What statement_timeout this process last gave one connection's session."""

    def __init__(self):
        self.connection = None
        self.milliseconds = None
        self.settled = True

    def connected(self, connection):
        """A new session starts with the server's default."""
        self.connection, self.milliseconds, self.settled = connection, None, True

    def apply(self, connection, milliseconds):
        """Give the session `milliseconds` (None: the server's default) unless it has them."""
        status = connection.info.transaction_status
        if status == TransactionStatus.INERROR:
            # The transaction refuses every statement until it is rolled back.
            return
        known = connection is self.connection and milliseconds == self.milliseconds
        # A value set inside a transaction block is undone if that block is rolled back: it is
        # trusted only until the block ends.
        if known and (self.settled or status == TransactionStatus.INTRANS):
            return
        if milliseconds is None:
            connection.execute("RESET statement_timeout")
        else:
            connection.execute(
                sql.SQL("SET statement_timeout = {}").format(sql.Literal(milliseconds))
            )
        self.connection, self.milliseconds = connection, milliseconds
        self.settled = connection.info.transaction_status == TransactionStatus.IDLE
