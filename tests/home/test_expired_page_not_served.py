"""A page whose expiry time has passed is not served at its address, even before
`publish_scheduled` unpublishes it: the visibility rule (home/queries.py) holds for the page's
own URL as for every list. Found by tests/fuzz: Wagtail served the expired page until then."""

import datetime as dt

import pytest
from django.utils import timezone

from home.models import NoticeIndexPage
from tests.factories import NoticePageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def notice(expire_at):
    page = NoticePageFactory(
        parent=NoticeIndexPage.objects.get(), title="断水のお知らせ", slug="dansui"
    )
    page.expire_at = expire_at
    page.save()
    return page


def test_an_expired_notice_is_not_found(client, home_page):
    notice(timezone.now() - dt.timedelta(minutes=1))

    response = client.get("/notices/dansui/")

    assert response.status_code == 404
    assert "断水のお知らせ" not in response.content.decode()


def test_a_notice_before_its_expiry_is_served(client, home_page):
    notice(timezone.now() + dt.timedelta(hours=1))

    response = client.get("/notices/dansui/")

    assert response.status_code == 200
    assert "断水のお知らせ" in response.content.decode()
