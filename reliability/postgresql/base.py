"""Django's PostgreSQL backend, bounded in time during requests (ENGINE "reliability.postgresql").

Subclassing the built-in backend is Django's documented way to change how it connects; nothing
else differs, and `connection.vendor` is still "postgresql". The limits themselves are
PostgreSQL's `statement_timeout` (statement_timeout.py) and psycopg's documented API
(connection.py).
"""

import psycopg
from django.db.backends.postgresql import base
from django.db.utils import DatabaseErrorWrapper
from django.utils.functional import cached_property

from .. import outage
from .connection import ANSWER_BOUND_CURSORS, PsycopgModule
from .statement_timeout import SessionStatementTimeout

# What a database that is down, restarting, out of reach or too slow raises; whether it is an
# outage is decided where it happens (connection.py, get_new_connection below).
FAILURE_ERRORS = (psycopg.OperationalError, psycopg.InterfaceError)


class FailureNotingErrorWrapper(DatabaseErrorWrapper):
    """Django's translation of driver errors, noting for the request those the database caused."""

    def __exit__(self, exc_type, exc_value, traceback):
        if exc_type is not None and issubclass(exc_type, FAILURE_ERRORS):
            outage.note_failure(exc_value)
        return super().__exit__(exc_type, exc_value, traceback)


class DatabaseWrapper(base.DatabaseWrapper):
    Database = PsycopgModule()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.statement_timeout = SessionStatementTimeout()

    @cached_property
    def wrap_database_errors(self):
        return FailureNotingErrorWrapper(self)

    def get_connection_params(self):
        params = super().get_connection_params()
        params["cursor_factory"] = ANSWER_BOUND_CURSORS[params["cursor_factory"]]
        return params

    def get_new_connection(self, conn_params):
        if outage.in_request() and outage.ongoing():
            raise psycopg.OperationalError(
                "The database could not be reached moments ago; not trying again yet."
            )
        try:
            connection = super().get_new_connection(conn_params)
        except psycopg.OperationalError as error:
            if outage.in_request():
                outage.begin(error)
            raise
        outage.ended()
        self.statement_timeout.connected(connection)
        return connection

    def create_cursor(self, name=None):
        # Every statement Django runs starts from a cursor made here, so the session has the
        # right limit before any of them.
        self.statement_timeout.apply(self.connection, outage.statement_milliseconds())
        return super().create_cursor(name)
