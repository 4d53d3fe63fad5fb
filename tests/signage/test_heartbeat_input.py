"""A heartbeat body the screen's status cannot store is a 400 with the reason. Found by
tests/fuzz: a NUL or an unpaired surrogate in contentVersion, and JSON nested thousands of
levels deep, were 500s."""

import json

import pytest
from django.urls import reverse

from signage.models import SignageScreen

pytestmark = pytest.mark.django_db


@pytest.fixture
def lobby():
    return SignageScreen.objects.create(name="1階ロビー", slug="lobby")


def heartbeat(client, text):
    response = client.post(
        reverse("signage:heartbeat", args=["lobby"]), text, content_type="application/json"
    )
    return response.status_code, response.json()


@pytest.mark.parametrize(
    ("version", "reason"),
    [
        ("abc\x00", "a NUL character (\\u0000), which no field accepts"),
        ("\ud800", "an unpaired surrogate (\\ud800), which is not valid Unicode"),
    ],
)
def test_a_content_version_that_cannot_be_stored_is_refused(client, lobby, version, reason):
    body = json.dumps({"contentVersion": version, "uptimeSeconds": 5})

    assert heartbeat(client, body) == (400, {"error": f"contentVersion contains {reason}."})
    lobby.refresh_from_db()
    assert (lobby.content_version, lobby.last_seen_at) == ("", None)


def test_json_nested_too_deep_is_refused(client, lobby):
    assert heartbeat(client, "[" * 5000 + "]" * 5000) == (400, {"error": "The body must be JSON."})


def test_a_heartbeat_by_get_is_refused_in_words(client, lobby):
    response = client.get(reverse("signage:heartbeat", args=["lobby"]))

    assert (response.status_code, response.json(), response["Allow"]) == (
        405,
        {"error": "Send a heartbeat as a POST with a JSON body."},
        "POST",
    )


def test_the_screen_page_by_post_is_refused_in_japanese(client, lobby):
    response = client.post(reverse("signage:screen", args=["lobby"]))

    assert (response.status_code, response.content.decode(), response["Allow"]) == (
        405,
        "サイネージ画面は、画面のブラウザーでこのアドレスを開いて表示します。",
        "GET",
    )
