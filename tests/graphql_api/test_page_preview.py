"""Editors' unsaved changes reach headless consumers through a signed, one-hour preview token."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.core import signing
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from home.models import EventIndexPage, EventPage, EventSession
from home.preview.tokens import SALT, make_preview_token
from jp.time import TOKYO
from tests.factories import event_with_sessions

PREVIEW_QUERY = """
query ($t: String!) {
  pagePreview(token: $t) {
    __typename
    title
    ... on Event { summary sessions { startsAt } }
  }
}
"""

EVENT_QUERY = """
query ($slug: String!) {
  event(slug: $slug) { title summary }
}
"""

LIVE_TITLE = "地域防災訓練"
CHANGED_TITLE = "地域防災訓練（雨天時は体育館）"
SUMMARY = "避難所の開設と炊き出しを体験します。"
SESSION_START = dt.datetime(2026, 9, 6, 9, 0, tzinfo=TOKYO)
INVALID_TOKEN_ERROR = {
    "message": "The preview token is invalid or has expired; tokens are valid for one hour. "
    "Open the preview in the admin again to get a new one.",
    "locations": [{"line": 3, "column": 3}],
    "path": ["pagePreview"],
}


@pytest.fixture
def event(home_page):
    return event_with_sessions(
        EventIndexPage.objects.get(),
        (SESSION_START, SESSION_START + dt.timedelta(hours=3)),
        title=LIVE_TITLE,
        slug="bousai-kunren",
        summary=SUMMARY,
    )


def headless_preview(client, page, title):
    """What an editor sees after changing the title and choosing the API preview mode."""
    edit_html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    form_data = querydict_from_html(edit_html, form_id="page-edit-form")
    form_data["title"] = title
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    posted = client.post(preview_url, data=form_data, QUERYSTRING="mode=headless")
    assert posted.json() == {"is_valid": True, "is_available": True}
    return client.get(preview_url, {"mode": "headless"})


def token_on(preview_response):
    textarea = BeautifulSoup(preview_response.content, "html.parser").find(id="preview-token")
    return textarea.get_text()


def cache_directives(response):
    return {directive.strip() for directive in response["Cache-Control"].split(",")}


def query_preview(client, token):
    return client.post(
        "/graphql/",
        {"query": PREVIEW_QUERY, "variables": {"t": token}},
        content_type="application/json",
    )


@pytest.fixture
def preview_token(admin_client, event):
    return token_on(headless_preview(admin_client, event, CHANGED_TITLE))


def test_headless_preview_shows_the_editor_a_token(admin_client, event):
    response = headless_preview(admin_client, event, CHANGED_TITLE)

    assert (response.status_code, response["Content-Type"]) == (200, "text/html; charset=utf-8")
    assert token_on(response).count(":") == 2  # signed payload:timestamp:signature


def test_headless_preview_is_never_cached(admin_client, event):
    response = headless_preview(admin_client, event, CHANGED_TITLE)

    assert {"private", "no-store"} <= cache_directives(response)


def test_page_preview_returns_the_unsaved_changes(client, preview_token):
    response = query_preview(client, preview_token)

    assert (response.status_code, response.json()) == (
        200,
        {
            "data": {
                "pagePreview": {
                    "__typename": "Event",
                    "title": CHANGED_TITLE,
                    "summary": SUMMARY,
                    "sessions": [{"startsAt": "2026-09-06T09:00:00+09:00"}],
                }
            }
        },
    )


def test_public_event_keeps_the_live_title_while_a_preview_exists(client, event, preview_token):
    response = client.post(
        "/graphql/",
        {"query": EVENT_QUERY, "variables": {"slug": event.slug}},
        content_type="application/json",
    )

    assert response.json() == {"data": {"event": {"title": LIVE_TITLE, "summary": SUMMARY}}}


def test_page_preview_response_is_never_cached(client, preview_token):
    response = query_preview(client, preview_token)

    assert {"private", "no-store"} <= cache_directives(response)


def test_tampered_token_is_rejected_with_a_readable_message(client, preview_token):
    changed_character = "x" if preview_token[10] != "x" else "y"
    tampered = preview_token[:10] + changed_character + preview_token[11:]

    response = query_preview(client, tampered)

    assert (response.status_code, response.json()) == (
        400,
        {"data": None, "errors": [INVALID_TOKEN_ERROR]},
    )


def test_token_older_than_one_hour_is_rejected(client, time_machine, event):
    time_machine.move_to(dt.datetime(2026, 9, 1, 10, 0, tzinfo=TOKYO), tick=False)
    token = make_preview_token(event)
    time_machine.move_to(dt.datetime(2026, 9, 1, 11, 1, tzinfo=TOKYO), tick=False)

    response = query_preview(client, token)

    assert (response.status_code, response.json()) == (
        400,
        {"data": None, "errors": [INVALID_TOKEN_ERROR]},
    )


def test_token_just_under_one_hour_old_still_works(client, time_machine, event):
    time_machine.move_to(dt.datetime(2026, 9, 1, 10, 0, tzinfo=TOKYO), tick=False)
    token = make_preview_token(event)
    time_machine.move_to(dt.datetime(2026, 9, 1, 10, 59, tzinfo=TOKYO), tick=False)

    response = query_preview(client, token)

    assert (response.status_code, response.json()["data"]["pagePreview"]["title"]) == (
        200,
        LIVE_TITLE,
    )


def test_token_signed_with_another_salt_is_rejected(client, event):
    token = signing.dumps(
        {"content_type": event.content_type_id, "content": event.to_json()},
        salt=f"{SALT}.other",
        compress=True,
    )

    response = query_preview(client, token)

    assert (response.status_code, response.json()) == (
        400,
        {"data": None, "errors": [INVALID_TOKEN_ERROR]},
    )


def test_token_for_a_new_unsaved_page_works(client, home_page):
    new_event = EventPage(
        title="はじめての防災講座",
        slug="hajimete-bousai",
        summary="防災の基本を学びます。",
        description="<p>内容</p>",
        sessions=[
            EventSession(starts_at=SESSION_START, ends_at=SESSION_START + dt.timedelta(hours=1))
        ],
    )

    response = query_preview(client, make_preview_token(new_event))

    assert (response.status_code, response.json()) == (
        200,
        {
            "data": {
                "pagePreview": {
                    "__typename": "Event",
                    "title": "はじめての防災講座",
                    "summary": "防災の基本を学びます。",
                    "sessions": [{"startsAt": "2026-09-06T09:00:00+09:00"}],
                }
            }
        },
    )
