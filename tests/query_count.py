"""Pinned SQL query counts that explain themselves when they change."""

from contextlib import contextmanager

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


@contextmanager
def exact_query_count(expected, info=""):
    """Fails unless exactly `expected` SQL statements run inside, listing every one when not:
    a pinned count that changes is explained by the statements, not by a number alone."""
    with CaptureQueriesContext(connection) as captured:
        yield captured
    statements = [query["sql"] for query in captured.captured_queries]
    if len(statements) != expected:
        listing = "\n".join(f"{number}. {sql}" for number, sql in enumerate(statements, 1))
        pytest.fail(
            f"Expected {expected} SQL queries, {len(statements)} ran{f' ({info})' if info else ''}:"
            f"\n{listing}",
            pytrace=False,
        )
