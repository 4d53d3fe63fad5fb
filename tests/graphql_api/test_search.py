"""Japanese search: terms match inside words, on SQLite and PostgreSQL alike; titles rank first."""

import datetime as dt

from django.utils import timezone

from home.models import EventIndexPage, GroupIndexPage
from tests.factories import GroupPageFactory, event_with_sessions

from .helpers import graphql_data

SEARCH = """
query Search($query: String!) {
  search(query: $query) { totalCount results { __typename title } }
}
"""
SOON = timezone.now() + dt.timedelta(days=5)


def event(title, **fields):
    return event_with_sessions(
        EventIndexPage.objects.get(), (SOON, SOON + dt.timedelta(hours=2)), title=title, **fields
    )


def group(title, **fields):
    return GroupPageFactory(parent=GroupIndexPage.objects.get(), title=title, **fields)


def test_a_term_is_found_inside_a_japanese_word(client, home_page):
    event("地域防災訓練")
    event("春のウォーキング")
    assert graphql_data(client, SEARCH, {"query": "防災"}) == {
        "search": {"totalCount": 1, "results": [{"__typename": "Event", "title": "地域防災訓練"}]}
    }


def test_a_group_is_found_by_words_in_its_description(client, home_page):
    group("ひまわりの会", description="<p>毎月、こども食堂の運営をしています。</p>")
    group("さくらの会", description="<p>公園の清掃をしています。</p>")
    assert graphql_data(client, SEARCH, {"query": "こども食堂"}) == {
        "search": {"totalCount": 1, "results": [{"__typename": "Group", "title": "ひまわりの会"}]}
    }


def test_title_matches_rank_before_body_matches(client, home_page):
    group("防災を学ぶ会", summary="地域で学びます。")
    event("春のまつり", summary="防災のブースがあります。")
    event("親子防災キャンプ")
    results = graphql_data(client, SEARCH, {"query": "防災"})["search"]["results"]
    assert {result["title"] for result in results[:2]} == {"親子防災キャンプ", "防災を学ぶ会"}
    assert results[2:] == [{"__typename": "Event", "title": "春のまつり"}]


def test_every_term_must_match(client, home_page):
    event("こども防災教室")
    event("おとな防災教室")
    assert graphql_data(client, SEARCH, {"query": "防災　こども"})["search"] == {
        "totalCount": 1,
        "results": [{"__typename": "Event", "title": "こども防災教室"}],
    }


def test_full_width_letters_and_digits_match_half_width_text(client, home_page):
    event("IT講座 第2回")
    assert graphql_data(client, SEARCH, {"query": "ＩＴ講座　第２回"})["search"]["totalCount"] == 1


def test_kana_reading_finds_a_group(client, home_page):
    group("鎌ケ谷子ども劇団", name_kana="かまがやこどもげきだん")
    assert graphql_data(client, SEARCH, {"query": "げきだん"})["search"] == {
        "totalCount": 1,
        "results": [{"__typename": "Group", "title": "鎌ケ谷子ども劇団"}],
    }


def test_blank_query_finds_nothing(client, home_page):
    event("地域防災訓練")
    assert graphql_data(client, SEARCH, {"query": "   "}) == {
        "search": {"totalCount": 0, "results": []}
    }


def test_plan_actions_are_searchable(client, plan):
    results = graphql_data(client, SEARCH, {"query": "プロボノ"})["search"]["results"]
    assert results[0] == {"__typename": "Action", "title": "プロボノの活用"}
