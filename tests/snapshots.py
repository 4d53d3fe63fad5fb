"""Test data builders that really run once per database state, then come back from a copy.

Publishing the plan through Wagtail (27 pages, each with its revision, log entry, search and
reference index rows) takes 1.5 s, the site skeleton 0.3 s, and 190 and 600 tests ask for them.
`build_once` runs a builder for real the first time it meets a database state and keeps every
table the builder changed as PostgreSQL `COPY` text, which gives back every column type exactly
(JSON, tsvector, timestamps). When a later test starts from the very same state, those tables are
emptied and refilled from the copy in a few milliseconds.

"The very same state" is a hash of every row of every table, so a test that made anything first
simply gets the real builder (and its state a copy of its own). The builder runs with the clock
stopped at the start of the test process's clock, so a copy holds the timestamps the builder
would have written. After writing a copy back, the whole database is hashed again and must equal
what the builder left: the copy can never quietly differ from a real build.

What is not a row is redone by hand: sequences are moved past the restored ids, and the content
generation and Wagtail's cached site roots are invalidated, as the builder's saves would have.
SQLite (CI's small `sqlite` pass) runs the builders for real.
"""

import hashlib

import time_machine
from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction
from wagtail.models import Site

from caching.invalidation import content_changed

from .clock import instant_from

# {(builder name, hash of the state before): (tables the builder changed, their COPY text,
#  hash of the state after)}; per test process, and so per test database.
COPIES = {}


def build_once(name, builder, clock):
    """Bring the database to what `builder()` makes from its present state, from a copy when
    one was taken from this same state before. `clock` is the instant the builder runs at: the
    start of the test process's clock (tests/clock.py), the same for every build."""
    if connection.vendor != "postgresql":
        builder()
        return
    with transaction.atomic():
        before = table_hashes()
        key = (name, state_hash(before))
        if key in COPIES:
            write_back(*COPIES[key])
        else:
            with time_machine.travel(instant_from(clock), tick=False):
                builder()
            after = table_hashes()
            changed = sorted(table for table in after if after[table] != before.get(table))
            COPIES[key] = (changed, copy_out(changed), state_hash(after))


def table_hashes():
    """{table: md5 of its rows in a stable order}, computed by PostgreSQL in one statement."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        cursor.execute(
            " UNION ALL ".join(
                f"SELECT %s, md5(coalesce(string_agg(row_text, ',' ORDER BY row_text), '')) "
                f"FROM (SELECT t::text AS row_text FROM {connection.ops.quote_name(table)} t) rows"
                for table in tables
            ),
            tables,
        )
        return dict(cursor.fetchall())


def state_hash(hashes):
    return hashlib.sha256(repr(sorted(hashes.items())).encode()).hexdigest()


def copy_out(tables):
    copies = {}
    with connection.cursor() as cursor:
        for table in tables:
            with cursor.copy(f"COPY {connection.ops.quote_name(table)} TO STDOUT") as copy:
                copies[table] = b"".join(bytes(block) for block in copy)
    return copies


def write_back(tables, copies, expected_hash):
    with connection.cursor() as cursor:
        for table in tables:
            # DELETE, not TRUNCATE: TRUNCATE refuses tables other tables refer to, and foreign
            # keys are checked at commit (Django makes them DEFERRABLE INITIALLY DEFERRED).
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
            with cursor.copy(f"COPY {connection.ops.quote_name(table)} FROM STDIN") as copy:
                copy.write(copies[table])
        for statement in connection.ops.sequence_reset_sql(no_style(), models_of(tables)):
            cursor.execute(statement)
    if state_hash(table_hashes()) != expected_hash:
        raise AssertionError(f"writing back {tables} did not give the state the builder made")
    Site.clear_site_root_paths_cache()
    content_changed()


def models_of(tables):
    tables = set(tables)
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.db_table in tables and not model._meta.proxy
    ]
