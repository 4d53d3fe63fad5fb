"""Django's PostgreSQL backend, bounded in time during requests (ENGINE "reliability.postgresql").

Subclassing the built-in backend is Django's documented way to change how it connects; nothing
else differs, and `connection.vendor` is still "postgresql".
"""

import psycopg
from django.db.backends.postgresql import base
from django.db.utils import DatabaseErrorWrapper
from django.utils.functional import cached_property

from .. import outage
from .connection import PsycopgModule

# What a database that is down, restarting or out of reach raises; a deadlock or a cancelled
# statement is an OperationalError too, and is as worth retrying.
OUTAGE_ERRORS = (psycopg.OperationalError, psycopg.InterfaceError)


class OutageNotingErrorWrapper(DatabaseErrorWrapper):
    """Django's translation of driver errors, noting for the request those of an outage."""

    def __exit__(self, exc_type, exc_value, traceback):
        if exc_type is not None and issubclass(exc_type, OUTAGE_ERRORS):
            outage.note_failure(exc_value)
        return super().__exit__(exc_type, exc_value, traceback)


class DatabaseWrapper(base.DatabaseWrapper):
    Database = PsycopgModule()

    @cached_property
    def wrap_database_errors(self):
        return OutageNotingErrorWrapper(self)

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
        return connection
