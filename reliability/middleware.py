"""Requests the database fails are answered 503 within the request's budget, and logged in one
line each at WARNING (reliability/outage.py logs an outage itself once, at ERROR; a statement
cancelled at its time limit is no outage, and gets its own line only).

Sits outside the session, partner and response-cache middleware, so it also sees a failure in
one of them, and inside the security middleware, whose headers the 503 still gets. A response
served from the shared cache never reaches the database and passes untouched.
"""

import logging

from django.db import InterfaceError, OperationalError

from . import outage
from .log_filters import LOGGED_ATTRIBUTE
from .responses import service_unavailable

logger = logging.getLogger(__name__)

UNAVAILABLE = "the database is unavailable"
SLOW_STATEMENT = "a database statement ran past its time limit"


class DatabaseOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with outage.request_scope(request):
            response = self.get_response(request)
            error = outage.failure()
        if error is None:
            return response
        slow = outage.statement_cancelled(error)
        # A 500 the database caused: raised in a middleware, or caught and masked by GraphQL.
        if response.status_code == 500:
            response = service_unavailable(request, replacing=response, slow=slow)
        # Logged here rather than where it failed: the response cache may still have answered
        # with a stale copy (caching/serve.py).
        if response.status_code == 503:
            logger.warning(
                "503 for %s %s: %s (%s)",
                request.method,
                request.path,
                SLOW_STATEMENT if slow else UNAVAILABLE,
                outage.summary(error),
            )
            setattr(request, LOGGED_ATTRIBUTE, True)
        return response

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        outage.note_failure(exception)
        return service_unavailable(request, slow=outage.statement_cancelled(exception))
