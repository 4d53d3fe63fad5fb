"""Admin sign-in throttling: after 5 failures for a username, or 20 from one address, within 15
minutes, the sign-in answers 429 in Japanese without looking at the password; a success clears
the username's count; a cache outage locks nobody out. Password-reset requests are limited too."""

import datetime as dt

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from caching.backends import _Outage
from jp.time import TOKYO
from tests.log_records import all_log_records

pytestmark = pytest.mark.django_db

PASSWORD = "kamagaya-correct-horse"
WRONG_PASSWORD = "wrong-password-4821"
LOCKED_PAGE = {
    "title": "しばらくお待ちください",
    "paragraphs": [
        "ログインの失敗が続いたため、しばらくログインできません。"
        "15分ほどしてからもう一度お試しください。"
    ],
}
RESET_LOCKED_PAGE = {
    "title": "しばらくお待ちください",
    "paragraphs": [
        "パスワード再設定の申し込みが続いたため、しばらく受け付けられません。"
        "15分ほどしてからもう一度お試しください。"
    ],
}
UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "caching.backends.FailSafeRedisCache",
        "LOCATION": "redis://127.0.0.1:6390/0",
    }
}
NINE_AM = dt.datetime(2026, 12, 5, 9, 0, tzinfo=TOKYO)


@pytest.fixture(autouse=True)
def no_counts_left_over(monkeypatch):
    monkeypatch.setattr(_Outage, "retry_at", 0.0)
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser(
        "editor", "editor@city.kamagaya.example", PASSWORD
    )


def sign_in(username, password, address="127.0.0.1"):
    """A fresh browser's sign-in attempt: (status, signed in?)."""
    client = Client(REMOTE_ADDR=address)
    response = client.post(
        reverse("wagtailadmin_login"), {"username": username, "password": password}
    )
    return response.status_code, "_auth_user_id" in client.session


def refusal(response):
    page = BeautifulSoup(response.content, "html.parser")
    return {
        "title": page.h1.get_text(),
        "paragraphs": [p.get_text() for p in page.main.find_all("p")],
    }


def locked_response(username="editor", address="127.0.0.1"):
    return Client(REMOTE_ADDR=address).post(
        reverse("wagtailadmin_login"), {"username": username, "password": PASSWORD}
    )


def test_five_failures_lock_the_username_and_the_password_is_then_not_even_checked(
    editor, monkeypatch
):
    checked = []
    authenticate = auth_forms.authenticate

    def counting_authenticate(request, **credentials):
        checked.append(credentials["username"])
        return authenticate(request, **credentials)

    monkeypatch.setattr(auth_forms, "authenticate", counting_authenticate)

    failures = [sign_in("editor", WRONG_PASSWORD) for _ in range(5)]
    response = locked_response()

    assert failures == [(200, False)] * 5
    assert (response.status_code, response["Retry-After"], refusal(response)) == (
        429,
        "900",
        LOCKED_PAGE,
    )
    assert checked == ["editor"] * 5
    editor.refresh_from_db()
    assert editor.last_login is None


def test_the_lock_ends_after_fifteen_minutes(editor):
    with time_machine.travel(NINE_AM, tick=False) as clock:
        for _ in range(5):
            sign_in("editor", WRONG_PASSWORD)
        clock.shift(dt.timedelta(minutes=14, seconds=59))
        still_locked = sign_in("editor", PASSWORD)
        clock.shift(dt.timedelta(seconds=2))
        afterwards = sign_in("editor", PASSWORD)

    assert (still_locked, afterwards) == ((429, False), (302, True))


def test_a_successful_sign_in_clears_the_usernames_failures(editor):
    before = [sign_in("editor", WRONG_PASSWORD) for _ in range(4)]
    success = sign_in("editor", PASSWORD)
    after = [sign_in("editor", WRONG_PASSWORD) for _ in range(4)]

    assert (before, success, after, sign_in("editor", PASSWORD)) == (
        [(200, False)] * 4,
        (302, True),
        [(200, False)] * 4,
        (302, True),
    )


def test_the_username_is_locked_whatever_address_the_failures_came_from(editor):
    for number in range(5):
        sign_in("editor", WRONG_PASSWORD, address=f"192.0.2.{number}")
    assert sign_in("editor", PASSWORD, address="198.51.100.7") == (429, False)


def test_the_username_count_ignores_letter_case(editor):
    for username in ("editor", "Editor", "EDITOR", "editoR", "EDitor"):
        sign_in(username, WRONG_PASSWORD)
    assert sign_in("editor", PASSWORD) == (429, False)


def test_twenty_failures_from_one_address_lock_that_address_for_every_username(editor):
    get_user_model().objects.create_superuser("approver", "approver@example.jp", PASSWORD)
    # Four each for five names: no username reaches its own limit of five.
    for number in range(20):
        sign_in(f"guess-{number % 5}", WRONG_PASSWORD, address="203.0.113.9")

    assert (
        sign_in("approver", PASSWORD, address="203.0.113.9"),
        sign_in("approver", PASSWORD, address="203.0.113.10"),
    ) == ((429, False), (302, True))


def test_the_lockout_is_logged_with_username_and_address_but_never_the_password(editor):
    with all_log_records() as records:
        for _ in range(5):
            sign_in("editor", WRONG_PASSWORD, address="192.0.2.44")
        locked_response(address="192.0.2.44")

    lockouts = [text for text in records if text.startswith("security.signals WARNING")]
    assert [text.split(" ", 3)[3].split(" args=")[0] for text in lockouts] == [
        "Admin sign-in locked for 15 minutes after 5 failed sign-in attempts for this "
        "username: username='editor' address=192.0.2.44"
    ]
    assert [text for text in records if WRONG_PASSWORD in text or PASSWORD in text] == []


@override_settings(CACHES=UNREACHABLE_REDIS)
def test_without_the_cache_nobody_is_locked_out_and_nothing_fails(editor):
    with all_log_records() as records:
        failures = [sign_in("editor", WRONG_PASSWORD) for _ in range(7)]
        success = sign_in("editor", PASSWORD)

    assert (failures, success) == ([(200, False)] * 7, (302, True))
    assert any(
        "The cache cannot be reached: failed sign-in attempts go uncounted." in text
        for text in records
    )


def test_password_reset_requests_are_limited_per_email_address(editor):
    url = reverse("wagtailadmin_password_reset")
    client = Client()
    answers = [client.post(url, {"email": editor.email}).status_code for _ in range(5)]
    refused = client.post(url, {"email": editor.email.upper()})
    other_address = client.post(url, {"email": "someone-else@example.jp"})

    assert answers == [302] * 5
    assert (refused.status_code, refusal(refused)) == (429, RESET_LOCKED_PAGE)
    assert other_address.status_code == 302
    assert [message.to for message in mail.outbox] == [[editor.email]] * 5
