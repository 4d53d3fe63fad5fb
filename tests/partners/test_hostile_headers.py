"""Headers the partner gate reads that cannot name a screen or an origin are not looked up:
an X-Signage-Screen that is not a slug counts as a plain anonymous call, an Origin that is not
printable ASCII is no origin. Found by tests/fuzz: a NUL in either made PostgreSQL fail, a 500
on every API and feed URL (gunicorn refuses such headers; other servers may not)."""

import pytest
from django.conf import settings

from partners.models import Partner
from signage.models import SignageScreen

pytestmark = pytest.mark.django_db

QUERY = {"query": "{ __typename }"}


@pytest.mark.parametrize("screen", ["lobby\x00", "\x00"])
def test_a_screen_header_that_is_not_a_slug_counts_as_anonymous(client, screen):
    SignageScreen.objects.create(name="1階ロビー", slug="lobby")

    response = client.get("/graphql/", QUERY, headers={"X-Signage-Screen": screen})

    assert (response.status_code, response.json(), response["X-RateLimit-Limit"]) == (
        200,
        {"data": {"__typename": "Query"}},
        str(settings.ANONYMOUS_RATE_LIMIT_PER_MINUTE),
    )


def test_a_registered_screen_still_has_its_own_allowance(client):
    SignageScreen.objects.create(name="1階ロビー", slug="lobby")

    response = client.get("/graphql/", QUERY, headers={"X-Signage-Screen": "lobby"})

    assert response["X-RateLimit-Limit"] == str(settings.SIGNAGE_RATE_LIMIT_PER_MINUTE)


@pytest.mark.parametrize("origin", ["https://school\x00.example.jp", "https://がっこう.example.jp"])
def test_a_preflight_from_an_origin_no_browser_sends_is_not_allowed(client, origin):
    Partner(name="第一中学校", allowed_origins="https://school.example.jp").save()

    response = client.options(
        "/graphql/", headers={"Origin": origin, "Access-Control-Request-Method": "POST"}
    )

    assert (response.status_code, response.get("Access-Control-Allow-Origin")) == (204, None)


def test_a_preflight_from_a_partner_origin_is_still_allowed(client):
    Partner(name="第一中学校", allowed_origins="https://school.example.jp").save()

    response = client.options(
        "/graphql/",
        headers={"Origin": "https://school.example.jp", "Access-Control-Request-Method": "POST"},
    )

    assert (response.status_code, response["Access-Control-Allow-Origin"]) == (
        204,
        "https://school.example.jp",
    )
