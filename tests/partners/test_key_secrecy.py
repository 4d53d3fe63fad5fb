"""A partner's API key exists in clear text only in the admin's one-time message: the database
holds its SHA-256 hash, no log record of any logger carries it (even at DEBUG, SQL included),
no error response echoes it, and gunicorn's access log writes it redacted."""

import datetime as dt
import io
import logging
import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from gunicorn.config import Config
from wagtail.test.utils.form_data import querydict_from_html

from partners.models import Partner, hash_key
from security.access_log import KeyRedactingLogger
from tests.log_records import all_log_records

pytestmark = pytest.mark.django_db

ISSUED_KEY = re.compile(r"APIキー：([0-9a-f]{64})")
QUERY = {"query": "{ __typename }"}


@pytest.fixture(autouse=True)
def no_counts_left_over(empty_cache):
    """Every test here counts sign-ins or requests from nothing."""


@pytest.fixture
def admin_client_with_user(home_page):
    user = get_user_model().objects.create_superuser("admin", "admin@example.jp", "pw")
    client = Client()
    client.force_login(user)
    return client


def issue_key_in_the_admin(client, name="鎌ケ谷市立第一中学校", limit=600):
    """Registers a partner as the city's administrator does; returns the key shown once."""
    add_url = reverse("wagtailsnippets_partners_partner:add")
    form = querydict_from_html(client.get(add_url).content.decode(), form_id="w-editor-form")
    form["name"] = name
    form["is_active"] = "on"
    form["rate_limit_per_minute"] = str(limit)
    listing = client.post(add_url, form, follow=True)
    return ISSUED_KEY.search(listing.content.decode()).group(1)


def test_the_database_holds_only_the_hash_of_an_issued_key(admin_client_with_user):
    raw_key = issue_key_in_the_admin(admin_client_with_user)
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)

    partner = Partner.objects.get()
    assert (partner.key_hash, partner.key_prefix) == (hash_key(raw_key), raw_key[:8])
    assert raw_key not in dump.getvalue()
    assert hash_key(raw_key) in dump.getvalue()


def test_no_log_record_of_any_logger_carries_the_key(admin_client_with_user):
    with all_log_records() as records:
        connection.force_debug_cursor = True  # SQL statements are logged at DEBUG too
        try:
            raw_key = issue_key_in_the_admin(admin_client_with_user)
            revoked_key = issue_key_in_the_admin(admin_client_with_user, name="閉校した学校")
            Partner.objects.filter(name="閉校した学校").update(is_active=False)
            visitor = Client()
            statuses = [
                visitor.post(
                    "/graphql/", QUERY, content_type="application/json", HTTP_X_API_KEY=raw_key
                ).status_code,
                visitor.get("/feeds/events.ics", {"key": raw_key}).status_code,
                visitor.get("/feeds/events.json", {"key": revoked_key}).status_code,
                visitor.post(
                    f"/graphql/?key={raw_key}", QUERY, content_type="application/json"
                ).status_code,
                visitor.get("/graphql/", {"key": raw_key, "query": "{"}).status_code,
            ]
        finally:
            connection.force_debug_cursor = False

    assert statuses == [200, 200, 401, 400, 400]
    # The capture works: the refusals were logged, and the key's hash went to the database.
    assert "django.request WARNING" in "\n".join(records)
    assert any(hash_key(raw_key) in text for text in records)
    assert [text for text in records if raw_key in text or revoked_key in text] == []


def test_error_responses_never_echo_the_key(admin_client_with_user):
    raw_key = issue_key_in_the_admin(admin_client_with_user, limit=1)
    revoked_key = issue_key_in_the_admin(admin_client_with_user, name="閉校した学校")
    Partner.objects.filter(name="閉校した学校").update(is_active=False)
    visitor = Client()
    visitor.get("/feeds/events.json", {"key": raw_key})
    responses = [
        visitor.get("/feeds/events.json", {"key": raw_key}),
        visitor.get("/feeds/events.json", {"key": revoked_key}),
        visitor.post(f"/graphql/?key={raw_key}", QUERY, content_type="application/json"),
        visitor.get("/no-such-page/", {"key": raw_key}),
    ]

    assert [response.status_code for response in responses] == [429, 401, 400, 404]
    echoed = [
        response.status_code
        for response in responses
        for text in (response.content.decode(), str(response.headers))
        if raw_key in text or revoked_key in text
    ]
    assert echoed == []


@pytest.fixture
def gunicorn_access_log():
    config = Config()
    config.set("accesslog", "-")
    config.set(
        "access_log_format",
        '%(h)s "%(r)s" %(s)s %(q)s "%(f)s" %({x-api-key}i)s %({http_x_api_key}e)s',
    )
    yield KeyRedactingLogger(config)
    # gunicorn's logger set itself up with handlers that print to stdout; later tests need none.
    for name in ("gunicorn.access", "gunicorn.error"):
        logging.getLogger(name).handlers.clear()


def test_gunicorns_access_log_writes_the_key_redacted(gunicorn_access_log):
    key = "0123456789abcdef" * 4
    environ = {
        "REMOTE_ADDR": "192.0.2.5",
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/feeds/events.ics?audience=pupils&key={key}&days=30",
        "SERVER_PROTOCOL": "HTTP/1.1",
        # As gunicorn logs it, without "?", with the key first and its name percent-encoded.
        "QUERY_STRING": f"%6Bey={key}&audience=pupils&days=30",
        "HTTP_REFERER": f"https://school.example.jp/?key={key}",
        "HTTP_X_API_KEY": key,
    }
    request = SimpleNamespace(headers=[("X-API-KEY", key)])
    response = SimpleNamespace(status="200 OK", sent=512, headers=[])

    with all_log_records() as records:
        gunicorn_access_log.access(response, request, environ, dt.timedelta(milliseconds=12))

    assert [re.search(r"\.py:\d+ (.*) args=", text).group(1) for text in records] == [
        '192.0.2.5 "GET /feeds/events.ics?audience=pupils&key=[redacted]&days=30 HTTP/1.1" 200 '
        'key=[redacted]&audience=pupils&days=30 "https://school.example.jp/?key=[redacted]" '
        "[redacted] [redacted]"
    ]
    assert [text for text in records if key in text] == []


def test_gunicorns_master_can_load_the_configured_logger_before_django_is_set_up():
    """gunicorn.conf.py names the redacting logger, and gunicorn loads it while reading its
    configuration, before the app exists."""
    load = (
        "import runpy; from gunicorn.config import Config; config = Config(); "
        "config.set('logger_class', runpy.run_path('gunicorn.conf.py')['logger_class']); "
        "print(type(config.logger_class(config)).__name__)"
    )
    env = {name: value for name, value in os.environ.items() if not name.startswith("DJANGO_")}
    result = subprocess.run(
        [sys.executable, "-c", load],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "KeyRedactingLogger\n", "")
