"""Website addresses carrying what no visitor types — a NUL, a day at the end of time, a path
out of the media folder — get a Japanese page, never a server error. Found by tests/fuzz."""

import pytest

from home.search import search_terms

pytestmark = pytest.mark.django_db


def test_a_nul_in_the_search_box_separates_terms():
    assert search_terms("防災\x00訓練\x07") == ["防災", "訓練"]


def test_a_search_for_a_nul_finds_nothing_without_an_error(client, home_page):
    response = client.get("/search/?q=%00")

    assert (response.status_code, response.context["results"]) == (200, [])


def test_an_event_list_ending_at_the_end_of_time_is_a_japanese_400(client, home_page):
    response = client.get("/events/?date_to=9999-12-31")

    assert response.status_code == 400
    assert response.context["filter_form"].errors == {
        "date_to": ["日付は2000年から2100年までの間で指定してください。"]
    }
    assert "日付は2000年から2100年までの間で指定してください。" in response.content.decode()


def test_an_event_list_from_2100_12_31_is_listed(client, home_page):
    response = client.get("/events/?date_from=2100-12-31&date_to=2100-12-31")

    assert (response.status_code, response.context["filter_form"].errors) == (200, {})


def test_a_nul_in_an_event_calendar_address_is_not_found(client, home_page):
    response = client.get("/events/bousai%00/calendar.ics")

    assert response.status_code == 404
    assert "ページが見つかりません" in response.content.decode()


def test_a_path_out_of_the_media_folder_is_a_japanese_400(client, home_page):
    response = client.get("/media/original_images/../../../etc/passwd")

    assert response.status_code == 400
    body = response.content.decode()
    assert '<html lang="ja">' in body
    assert "<h1>このアドレスは受け付けられません</h1>" in body


def test_filter_errors_are_japanese_for_a_browser_that_prefers_english(client, home_page):
    response = client.get(
        "/events/?action=abc&date_from=2026-02-30", headers={"Accept-Language": "en"}
    )

    assert response.status_code == 400
    assert response.context["filter_form"].errors == {
        "date_from": ["日付を正しく入力してください。"],
        "action": ["整数を入力してください。"],
    }
    assert "整数を入力してください。" in response.content.decode()
