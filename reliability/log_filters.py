"""Keeps the requests the database fails from each logging a traceback or a second line at ERROR.

For every request the database fails (out of reach, or a statement cancelled at its time
limit), Django would log the error with its traceback (when a middleware raised it) and then
"Service Unavailable: <path>", and strawberry every failed resolver with its traceback. The
middleware logs each such request in one line instead, and reliability/outage.py an outage
itself, once.
"""

import logging

from django.db import InterfaceError, OperationalError

from . import outage

# Set on a request by the middleware once it has logged the request's database failure.
LOGGED_ATTRIBUTE = "database_failure_logged"


class DatabaseOutageRecords(logging.Filter):
    def filter(self, record):
        error = record.exc_info[1] if record.exc_info else None
        raised_in_a_failed_request = (
            isinstance(error, (OperationalError, InterfaceError)) and outage.failure() is not None
        )
        logged_by_the_middleware = getattr(
            getattr(record, "request", None), LOGGED_ATTRIBUTE, False
        )
        return not (raised_in_a_failed_request or logged_by_the_middleware)


# Loggers whose records about an outage the middleware's one line replaces.
FILTERED_LOGGERS = ("django.request", "strawberry.execution")


def install():
    for name in FILTERED_LOGGERS:
        logging.getLogger(name).addFilter(DatabaseOutageRecords())
