"""Optional two-factor sign-in: accounts without an authenticator sign in as before; with one,
every URL leads to the code page until a code from the app (or a backup code, once) is accepted;
wrong codes are refused in Japanese and throttled like wrong passwords; staff set it up and remove
it themselves, and an administrator resets it for a lost phone."""

import datetime as dt

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from jp.time import TOKYO

pytestmark = pytest.mark.django_db

PASSWORD = "kamagaya-correct-horse"
VERIFY_URL = "/admin/two-factor/verify/"
WRONG_CODE_MESSAGE = "確認コードが正しくありません。もう一度入力してください。"
LOCKED_PARAGRAPH = (
    "確認コードの誤りが続いたため、しばらくログインできません。"
    "15分ほどしてからもう一度お試しください。"
)
NINE_AM = dt.datetime(2026, 12, 5, 9, 0, tzinfo=TOKYO)
NEXT_STEP = dt.timedelta(seconds=30)


@pytest.fixture(autouse=True)
def no_counts_left_over(empty_cache):
    """Every test here counts sign-ins or requests from nothing."""


@pytest.fixture
def clock():
    """The suite's clock held still, so a test decides when the next TOTP step begins."""
    with time_machine.travel(NINE_AM, tick=False) as traveller:
        yield traveller


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_superuser(
        "tanaka", "tanaka@city.kamagaya.example", PASSWORD
    )


@pytest.fixture
def authenticator(staff):
    return TOTPDevice.objects.create(user=staff, name="認証アプリ", confirmed=True)


def current_code(device):
    device.refresh_from_db()
    code = totp(
        device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift
    )
    return f"{code:06d}"


def signed_in(username="tanaka", password=PASSWORD):
    client = Client()
    response = client.post(
        reverse("wagtailadmin_login"), {"username": username, "password": password}
    )
    assert response.status_code == 302
    return client


def enter_code(client, code, next_url="/admin/"):
    return client.post(VERIFY_URL, {"otp_token": code, "next": next_url})


def errors(response):
    page = BeautifulSoup(response.content, "html.parser")
    return [item.get_text() for item in page.select(".messages li.error")]


def test_without_an_authenticator_sign_in_goes_straight_to_the_dashboard(staff):
    client = signed_in()

    response = client.get("/admin/")

    assert response.status_code == 200
    assert "two_factor_code_required" not in client.session


@pytest.mark.parametrize(
    "url",
    ["/admin/", "/admin/pages/", "/admin/users/", "/", "/documents/1/report.pdf", "/graphql/"],
)
def test_with_an_authenticator_every_url_leads_to_the_code_page(authenticator, url):
    response = signed_in().get(url)

    assert (response.status_code, response["Location"]) == (
        302,
        f"{VERIFY_URL}?next={url.replace('/', '%2F')}",
    )


@pytest.mark.parametrize(
    "url_name",
    ["wagtailadmin_sprite", "wagtailadmin_javascript_catalog"],
)
def test_what_the_code_page_loads_stays_reachable(authenticator, url_name):
    assert signed_in().get(reverse(url_name)).status_code == 200


def test_the_code_page_asks_in_japanese_and_sign_out_stays_possible(authenticator):
    client = signed_in()

    page = BeautifulSoup(client.get(VERIFY_URL).content, "html.parser")
    signed_out = client.post(reverse("wagtailadmin_logout"))

    assert page.h1.get_text() == "確認コードの入力"
    assert page.find("label", attrs={"for": "id_otp_token"}).get_text(strip=True) == "確認コード"
    assert signed_out.status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_wrong_code_is_refused_in_japanese(authenticator, clock):
    client = signed_in()

    response = enter_code(client, "000000")

    assert (response.status_code, errors(response)) == (200, [WRONG_CODE_MESSAGE])
    assert client.get("/admin/").status_code == 302


def test_an_empty_code_is_asked_for_in_japanese(authenticator, clock):
    response = enter_code(signed_in(), "")

    assert errors(response) == ["確認コードを入力してください。"]


def test_the_right_code_goes_on_to_the_page_asked_for(authenticator, clock):
    client = signed_in()

    response = enter_code(client, current_code(authenticator), next_url="/admin/pages/")

    assert (response.status_code, response["Location"]) == (302, "/admin/pages/")
    assert client.get("/admin/").status_code == 200


def test_next_pointing_elsewhere_goes_to_the_dashboard(authenticator, clock):
    response = enter_code(
        signed_in(), current_code(authenticator), next_url="https://evil.example/"
    )

    assert response["Location"] == "/admin/"


def test_a_code_is_not_accepted_twice(authenticator, clock):
    code = current_code(authenticator)
    enter_code(signed_in(), code)
    clock.shift(dt.timedelta(seconds=2))  # past django-otp's own delay, within the same step

    replayed = enter_code(signed_in(), code)

    assert (replayed.status_code, errors(replayed)) == (200, [WRONG_CODE_MESSAGE])


def test_a_device_throttled_after_a_wrong_code_says_so_in_japanese(authenticator, clock):
    client = signed_in()
    enter_code(client, "000000")

    response = enter_code(client, current_code(authenticator))

    assert errors(response) == [
        "確認コードの誤りが1回続いたため、少しの間受け付けられません。"
        "数十秒待ってから、認証アプリに表示されている新しいコードを入力してください。"
    ]


def test_a_backup_code_works_once(staff, authenticator, clock):
    backup = StaticDevice.objects.create(user=staff, name="バックアップコード", confirmed=True)
    backup.token_set.create(token="abcd2345")

    first = enter_code(signed_in(), "ABCD 2345")
    clock.shift(NEXT_STEP)
    second = enter_code(signed_in(), "abcd2345")

    assert (first.status_code, first["Location"]) == (302, "/admin/")
    assert (second.status_code, errors(second)) == (200, [WRONG_CODE_MESSAGE])


def test_repeated_wrong_codes_are_throttled_even_after_signing_in_again(authenticator, clock):
    for _ in range(5):
        # Signing in again clears the password's count, not the code's.
        refused = enter_code(signed_in(), "000000")
        assert errors(refused) == [WRONG_CODE_MESSAGE]
        clock.shift(NEXT_STEP)

    locked = enter_code(signed_in(), current_code(authenticator))

    page = BeautifulSoup(locked.content, "html.parser")
    assert (locked.status_code, locked["Retry-After"]) == (429, "900")
    assert [p.get_text() for p in page.main.find_all("p")] == [LOCKED_PARAGRAPH]


def test_the_code_lock_ends_after_fifteen_minutes_and_a_right_code_clears_the_count(
    authenticator, clock
):
    for _ in range(5):
        enter_code(signed_in(), "000000")
        clock.shift(NEXT_STEP)
    clock.shift(dt.timedelta(minutes=15))
    client = signed_in()

    accepted = enter_code(client, current_code(authenticator))
    clock.shift(NEXT_STEP)
    for _ in range(4):
        enter_code(signed_in(), "000000")
        clock.shift(NEXT_STEP)
    still_open = enter_code(signed_in(), current_code(authenticator))

    assert accepted.status_code == 302
    assert still_open.status_code == 302


def test_setup_through_the_views_turns_two_factor_sign_in_on(staff, clock):
    client = signed_in()
    setup = client.get("/admin/two-factor/setup/")
    device = TOTPDevice.objects.get(user=staff)
    page = BeautifulSoup(setup.content, "html.parser")

    wrong_password = client.post(
        "/admin/two-factor/setup/", {"password": "wrong", "otp_token": current_code(device)}
    )
    done = client.post(
        "/admin/two-factor/setup/", {"password": PASSWORD, "otp_token": current_code(device)}
    )

    assert page.select_one(".two-factor-qr-code svg") is not None
    assert page.code.get_text().replace(" ", "") in device.config_url
    assert "issuer=%E3%81%8B%E3%81%BE%E3%81%8C%E3%82%84" in device.config_url
    assert "パスワードが正しくありません。" in wrong_password.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    codes = [
        code.get_text()
        for code in BeautifulSoup(done.content, "html.parser").select(
            ".two-factor-backup-codes code"
        )
    ]
    assert sorted(codes) == sorted(StaticToken.objects.values_list("token", flat=True))
    assert len(codes) == 10
    assert client.get("/admin/").status_code == 200  # this session is verified already
    assert client.get("/admin/two-factor/backup-codes/").content.decode().count("<code>") == 0
    assert ModelLogEntry.objects.get().action == "security.two_factor_enabled"


def test_the_next_sign_in_after_setup_asks_for_a_code(staff, clock):
    client = signed_in()
    client.get("/admin/two-factor/setup/")
    device = TOTPDevice.objects.get(user=staff)
    client.post(
        "/admin/two-factor/setup/", {"password": PASSWORD, "otp_token": current_code(device)}
    )

    assert signed_in().get("/admin/")["Location"].startswith(VERIFY_URL)


def test_removing_two_factor_sign_in_needs_the_password(staff, authenticator, clock):
    client = signed_in()
    enter_code(client, current_code(authenticator))

    refused = client.post("/admin/two-factor/remove/", {"password": "wrong"})
    removed = client.post("/admin/two-factor/remove/", {"password": PASSWORD})

    assert refused.status_code == 200
    assert removed["Location"] == "/admin/two-factor/"
    assert not TOTPDevice.objects.exists()
    assert signed_in().get("/admin/").status_code == 200


def test_the_account_page_offers_two_factor_sign_in(staff):
    page = BeautifulSoup(signed_in().get("/admin/account/").content, "html.parser")

    assert page.find("a", href="/admin/two-factor/").get_text() == "二段階認証"


def test_reset_two_factor_removes_the_users_devices(staff, authenticator):
    StaticDevice.objects.create(user=staff, name="バックアップコード", confirmed=True)

    call_command("reset_two_factor", "tanaka")

    assert not TOTPDevice.objects.exists()
    assert not StaticDevice.objects.exists()
    entry = ModelLogEntry.objects.get()
    assert (entry.action, entry.user_id, entry.object_id) == (
        "security.two_factor_reset",
        None,
        str(staff.pk),
    )
    assert signed_in().get("/admin/").status_code == 200


def test_reset_two_factor_names_an_unknown_user():
    with pytest.raises(CommandError, match="ログインID「nobody」のユーザーがいません。"):
        call_command("reset_two_factor", "nobody")


def test_an_administrator_resets_another_users_two_factor_from_the_user_listing(
    authenticator, clock
):
    admin = get_user_model().objects.create_superuser(
        "kanri", "kanri@city.kamagaya.example", PASSWORD
    )
    client = Client()
    client.force_login(admin)
    reset_url = f"/admin/two-factor/reset/{authenticator.user_id}/"

    listing = client.get("/admin/users/").content.decode()
    response = client.post(reset_url)

    assert reset_url in listing
    assert response["Location"] == "/admin/users/"
    assert not TOTPDevice.objects.exists()
    assert ModelLogEntry.objects.get().user_id == admin.pk


def test_someone_who_may_not_edit_users_cannot_reset(authenticator, clock):
    other = get_user_model().objects.create_user("sato", password=PASSWORD)
    client = Client()
    client.force_login(other)

    client.post(f"/admin/two-factor/reset/{authenticator.user_id}/")

    assert TOTPDevice.objects.exists()
