"""Every public URL with hostile query strings, path segments, headers and bodies: never a
server error or a glimpse inside, refusals readable (pages in Japanese, feeds and JSON in English),
and nothing that is not public."""

import json

import pytest
from django.conf import settings
from hypothesis import given
from hypothesis import strategies as st

from .conftest import fuzz_settings
from .content import INACTIVE_SCREEN_SLUG, SCREEN_SLUG
from .properties import assert_page_answer
from .url_strategies import FEEDS, page_urls, sweep
from .values import EXTREME_INTEGERS, HOSTILE_TEXT, WRONG_JSON_TYPES

pytestmark = pytest.mark.django_db

HEARTBEAT_FIELDS = {
    "contentVersion": st.one_of(HOSTILE_TEXT, WRONG_JSON_TYPES),
    "uptimeSeconds": st.one_of(st.sampled_from(EXTREME_INTEGERS), WRONG_JSON_TYPES),
}
HEARTBEAT_BODIES = st.one_of(
    st.fixed_dictionaries({}, optional=HEARTBEAT_FIELDS).map(json.dumps),
    st.sampled_from(["\x00", "\ud800", "abc", "0" * 64]).map(
        lambda version: json.dumps({"contentVersion": version, "uptimeSeconds": 1})
    ),
    WRONG_JSON_TYPES.map(json.dumps),
    st.sampled_from(["", "{", "[" * 5000 + "]" * 5000, '{"contentVersion": "a"' * 2]),
    st.binary(max_size=40),
)
# Mostly GET, as visitors and crawlers send; the others must be refused readably or answered.
METHODS = st.sampled_from(["GET"] * 6 + ["HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"])
LANGUAGES = st.sampled_from(["ja", "en", "en-US,en;q=0.9", "", "zz", "*"])
API_PATHS = (*FEEDS, "/graphql/?query={__typename}", "/events/bousai-kunren/calendar.ics")
# A WSGI server hands header bytes to Django decoded as Latin-1, so UTF-8 text (and a lone
# surrogate's three bytes) arrives as that; the test client would pass a str on unchanged.
# gunicorn refuses control characters in a header; a NUL reaches Django only behind another
# server (runserver), so those cases are defence in depth.
HEADER_VALUES = st.one_of(
    st.sampled_from([SCREEN_SLUG, INACTIVE_SCREEN_SLUG, "", "*", "null", '"etag"', 'W/"x"']),
    st.sampled_from(["\x00", "a\x00b", "\xed\xa0\x80", "../../etc/passwd", "x" * 500]),
    st.sampled_from(["https://a\x00b.example", "https://\xe3\x81\x82.example", "https://[::1"]),
    HOSTILE_TEXT.filter(lambda text: len(text) < 1000).map(
        lambda text: text.encode("utf-8", "surrogatepass").decode("latin-1")
    ),
)
HEADERS = st.fixed_dictionaries(
    {},
    optional={
        "X-Signage-Screen": HEADER_VALUES,
        "X-Api-Key": HEADER_VALUES,
        "Origin": HEADER_VALUES,
        "If-None-Match": HEADER_VALUES,
        "Accept": st.sampled_from(["text/html", "*/*", "application/json", ""]),
        "Accept-Language": st.sampled_from(["en", "ja", "*", "zz-ZZ", "\x00"]),
        # With an Origin, this makes the request a CORS preflight when it is sent as OPTIONS.
        "Access-Control-Request-Method": st.sampled_from(["GET", "POST", "\x00"]),
    },
)


def test_every_parameter_of_every_route_with_every_dangerous_value(fuzz_client, site_content):
    """Not random: the values that broke something once, everywhere they could again, from a
    browser that prefers English (the site must still refuse in Japanese)."""
    failures = []
    for url in sweep(site_content):
        try:
            assert_page_answer(fuzz_client.get(url, headers={"Accept-Language": "en"}))
        except AssertionError as failure:
            failures.append(f"{url[:120]}: {str(failure)[:300]}")

    assert not failures, f"{len(failures)} failed:\n" + "\n".join(failures)


@fuzz_settings(examples=300)
@given(data=st.data(), method=METHODS, language=LANGUAGES)
def test_public_urls_with_hostile_paths_and_query_strings(
    fuzz_client, site_content, data, method, language
):
    url = data.draw(page_urls(site_content), label="url")
    if url.startswith(settings.STATIC_URL):
        # whitenoise answers other methods with an empty 405 (nothing to read, nothing shown);
        # in production the proxy serves /static/.
        method = "GET"

    response = fuzz_client.generic(method, url, headers={"Accept-Language": language})

    assert_page_answer(response)


@fuzz_settings(examples=60)
@given(slug=st.sampled_from([SCREEN_SLUG, INACTIVE_SCREEN_SLUG, "unknown"]), body=HEARTBEAT_BODIES)
def test_signage_heartbeat_with_hostile_bodies(fuzz_client, slug, body):
    response = fuzz_client.post(f"/signage/{slug}/heartbeat", body, content_type="application/json")

    assert_page_answer(response)


@fuzz_settings(examples=100)
@given(path=st.sampled_from(API_PATHS), method=st.sampled_from(["GET", "OPTIONS"]), headers=HEADERS)
def test_api_and_feeds_with_hostile_headers(fuzz_client, path, method, headers):
    assert_page_answer(fuzz_client.generic(method, path, headers=headers))
