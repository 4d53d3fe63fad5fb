"""The website's search page uses the same Japanese-aware search as the API."""

import datetime as dt

import pytest
from django.utils import timezone

from home.models import EventIndexPage, GroupIndexPage
from tests.factories import GroupPageFactory, event_with_sessions

pytestmark = pytest.mark.dates


def soon():
    return timezone.now() + dt.timedelta(days=3)


def test_search_page_finds_a_term_inside_a_word(client, home_page):
    starts_at = soon()
    event_with_sessions(EventIndexPage.objects.get(), (starts_at, starts_at), title="地域防災訓練")
    GroupPageFactory(parent=GroupIndexPage.objects.get(), title="さくら会")
    response = client.get("/search/", {"q": "防災"})
    assert response.status_code == 200
    assert [(r["kind"], r["page"].title) for r in response.context["results"]] == [
        ("イベント", "地域防災訓練")
    ]
    assert "「防災」の検索結果" in response.content.decode()


def test_search_page_without_a_query_shows_the_form(client, home_page):
    response = client.get("/search/")
    assert (response.status_code, response.context["results"]) == (200, [])
    assert 'name="q"' in response.content.decode()


def test_over_long_query_is_a_clear_400(client, home_page):
    response = client.get("/search/", {"q": "あ" * 201})
    assert response.status_code == 400
    assert "検索語は200文字以内で入力してください。" in response.content.decode()
