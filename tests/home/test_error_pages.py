"""The 500 page: what a visitor sees when the server fails, rendered without the database."""

import pytest
from django.test import Client


@pytest.fixture
def failing_search(monkeypatch):
    def fail(query):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("home.views.search_page_ids", fail)


def test_a_server_error_shows_the_japanese_500_page_without_internals(home_page, failing_search):
    client = Client(raise_request_exception=False)
    response = client.get("/search/?q=防災")
    assert response.status_code == 500
    body = response.content.decode()
    assert "<h1>ただいまページを表示できません</h1>" in body
    assert "047-445-1274" in body
    assert "RuntimeError" not in body and "database went away" not in body
