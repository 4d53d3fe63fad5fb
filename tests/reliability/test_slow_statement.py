"""A statement that is merely slow fails its own request, not the worker (reliability/).

PostgreSQL cancels a request's statement at `statement_timeout` (1.2 s with the default 1.5 s
answer time): the request is answered 503, logged in one WARNING line, and the next request on
the same worker uses the database as usual. Only a database that cannot be reached or sends
nothing at all is an outage (tests/reliability/test_database_outage.py).

The slowness is the database's own: a `pg_sleep` in a trigger the test puts on the partners'
table (each request with a key updates its partner's row), and a lock the test holds on the
events' table, as a migration or a long transaction would. The production server (gunicorn, one
worker) serves the real endpoints; nothing in the application is there for the test.
"""

import datetime as dt
import logging
import time
import uuid

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone

from home.loading.site import ensure_site_tree, section
from home.models import ContactSettings, EventIndexPage
from partners.models import Partner
from reliability import outage
from reliability.responses import API_CODE, SLOW_API_MESSAGE
from tests.app_servers import app_server, timed
from tests.factories import event_with_sessions

REDIS_URL = "redis://127.0.0.1:6379/13"
STATEMENT_SECONDS = settings.DATABASE_REQUEST_ANSWER_SECONDS - outage.CANCEL_MARGIN_SECONDS
BUDGET_SECONDS = 2.0
SLEEP_SECONDS = 5
API_SLOW = {"errors": [{"message": SLOW_API_MESSAGE, "extensions": {"code": API_CODE}}]}
PAGE_HEADING = "<h1>ただいま一時的にご利用いただけません</h1>"
OUTAGE_LINE = "The database cannot be reached"
SLOW_TRIGGER = f"""
CREATE FUNCTION slow_statement_for_tests() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_sleep({SLEEP_SECONDS});
    RETURN NEW;
END $$;
CREATE TRIGGER slow_statement_for_tests BEFORE UPDATE ON partners_partner
    FOR EACH ROW EXECUTE FUNCTION slow_statement_for_tests();
"""
DROP_SLOW_TRIGGER = """
DROP TRIGGER IF EXISTS slow_statement_for_tests ON partners_partner;
DROP FUNCTION IF EXISTS slow_statement_for_tests();
"""

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="statement_timeout is PostgreSQL's (reliability.postgresql): needs PostgreSQL, which "
    "`make test` uses whenever one answers on 127.0.0.1:5432",
)


def statement_timeout():
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


def slow_statement():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(%s)", [SLEEP_SECONDS])


# In this process: the limit each request gets, and the answer to a statement past it.


def test_requests_run_under_statement_timeout_and_commands_do_not(db):
    server_default = statement_timeout()
    with outage.request_scope(RequestFactory().get("/events/")):
        page_view = statement_timeout()
    with outage.request_scope(RequestFactory().post("/admin/pages/3/edit/")):
        editors_save = statement_timeout()

    assert (page_view, editors_save) == ("1200ms", "14700ms")
    assert statement_timeout() == server_default


def test_a_slow_statement_in_a_page_gets_the_japanese_503_page_alone(
    client, home_page, monkeypatch, caplog
):
    monkeypatch.setattr("home.views.search_page_ids", lambda query: slow_statement())
    started = time.monotonic()
    with caplog.at_level(logging.INFO):
        response = client.get("/search/?q=防災")
    seconds = time.monotonic() - started

    assert STATEMENT_SECONDS <= seconds < BUDGET_SECONDS
    assert (response.status_code, response["Retry-After"], response["Cache-Control"]) == (
        503,
        "5",
        "no-store",
    )
    assert PAGE_HEADING in response.content.decode()
    assert [(r.name, r.levelname, r.getMessage()) for r in caplog.records] == [
        (
            "reliability.middleware",
            "WARNING",
            "503 for GET /search/: a database statement ran past its time limit "
            "(QueryCanceled: canceling statement due to statement timeout)",
        )
    ]
    assert not outage.ongoing()


def test_statements_after_a_cancelled_one_are_not_run(client, home_page, monkeypatch):
    """A GraphQL query whose fields each meet the slow table waits once, not once per field."""
    outcomes = []

    def two_slow_statements(query):
        for _ in range(2):
            try:
                slow_statement()
            except Exception as error:
                outcomes.append(str(error))
        return []

    monkeypatch.setattr("home.views.search_page_ids", two_slow_statements)
    started = time.monotonic()
    response = client.get("/search/?q=防災")
    seconds = time.monotonic() - started

    assert seconds < 2 * STATEMENT_SECONDS
    assert outcomes == [
        "canceling statement due to statement timeout",
        "Not run: an earlier statement of this request was cancelled at its time limit.",
    ]
    assert response.status_code == 503


# The production server with one worker, so the request after the slow one meets the same
# process and the same database connection.


@pytest.fixture(scope="module")
def server_log(tmp_path_factory):
    with open(tmp_path_factory.mktemp("gunicorn") / "server.log", "w+b") as log:
        yield log


@pytest.fixture(scope="module")
def server(server_log, django_db_setup):
    with app_server(
        REDIS_URL,
        workers=1,
        log=server_log,
        # Entries of this server only, whatever else uses this Redis database meanwhile.
        RELEASE=uuid.uuid4().hex,
        ANONYMOUS_RATE_LIMIT_PER_MINUTE="100000",
    ) as url:
        yield url


@pytest.fixture
def site(transactional_db):
    ensure_site_tree()
    # Settings are created on first use; made here, the server never writes them.
    ContactSettings.load()
    soon = timezone.now() + dt.timedelta(days=3)
    event_with_sessions(
        section(EventIndexPage),
        (soon, soon + dt.timedelta(hours=2)),
        title="防災講座",
        slug="bousai",
    )


@pytest.fixture
def partner_key(site):
    partner = Partner(name="鎌ケ谷市立第一中学校")
    raw_key = partner.issue_key()
    partner.save()
    return raw_key


@pytest.fixture
def slow_partner_updates():
    with connection.cursor() as cursor:
        cursor.execute(SLOW_TRIGGER)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(DROP_SLOW_TRIGGER)


@pytest.fixture
def events_table_locked():
    """Holds an exclusive lock on the events' table until the test calls the returned release()."""
    with psycopg.connect(**connection.get_connection_params()) as holder:
        holder.execute("LOCK TABLE home_eventpage IN ACCESS EXCLUSIVE MODE")
        yield holder.rollback


def log_since(server_log, position):
    server_log.seek(position)
    return server_log.read().decode()


def assert_logged_once_without_outage(log, path):
    assert [line for line in log.splitlines() if line.startswith("503 for ")] == [
        f"503 for GET {path}: a database statement ran past its time limit "
        "(QueryCanceled: canceling statement due to statement timeout)"
    ], log
    for never in (OUTAGE_LINE, "Traceback", "Internal Server Error", "Service Unavailable"):
        assert never not in log, log


def report(capsys, what, slow_seconds, next_seconds):
    with capsys.disabled():
        print(
            f"\n[slow statement: {what}] 503 after {slow_seconds:.2f} s; "
            f"next page 200 from the database after {next_seconds:.2f} s more"
        )


# serialized_rollback: an earlier transactional test (a browser test) leaves an empty database.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_slow_statement_in_the_api_fails_that_request_only(
    server, server_log, partner_key, slow_partner_updates, capsys
):
    position = server_log.seek(0, 2)

    slow, slow_seconds = timed(
        "GET", f"{server}/feeds/events.json?t=slow", headers={"X-Api-Key": partner_key}
    )
    after, after_seconds = timed("GET", f"{server}/events/?t=after-slow-api")
    ready, _ = timed("GET", f"{server}/readyz")

    report(capsys, "API", slow_seconds, after_seconds)
    assert STATEMENT_SECONDS <= slow_seconds < BUDGET_SECONDS
    assert (slow.status_code, slow.headers["Retry-After"], slow.json()) == (503, "5", API_SLOW)
    assert (after.status_code, after.headers["X-Cache"]) == (200, "miss")
    assert "防災講座" in after.text
    assert ready.status_code == 200
    assert_logged_once_without_outage(log_since(server_log, position), "/feeds/events.json")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_page_waiting_on_a_lock_fails_that_request_only(
    server, server_log, site, events_table_locked, capsys
):
    position = server_log.seek(0, 2)

    slow, slow_seconds = timed("GET", f"{server}/events/?t=locked")
    events_table_locked()
    after, after_seconds = timed("GET", f"{server}/events/bousai/?t=after-lock")

    report(capsys, "page waiting on a lock", slow_seconds, after_seconds)
    assert STATEMENT_SECONDS <= slow_seconds < BUDGET_SECONDS
    assert (slow.status_code, slow.headers["Retry-After"]) == (503, "5")
    assert PAGE_HEADING in slow.text
    assert (after.status_code, after.headers["X-Cache"]) == (200, "miss")
    assert "防災講座" in after.text
    assert_logged_once_without_outage(log_since(server_log, position), "/events/")
