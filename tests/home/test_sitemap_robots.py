"""sitemap.xml lists exactly the public pages; robots.txt points crawlers at it."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from wagtail.models import PageViewRestriction

from home.models import EventIndexPage, GroupIndexPage
from jp.time import TOKYO
from tests.factories import GroupPageFactory, event_with_sessions

SITEMAP_NS = {"sitemap": "http://www.sitemaps.org/schemas/sitemap/0.9"}
SESSION = (dt.datetime(2027, 1, 9, 10, tzinfo=TOKYO), dt.datetime(2027, 1, 9, 12, tzinfo=TOKYO))


def sitemap_locations(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    root = ET.fromstring(response.content)
    return [loc.text for loc in root.findall("sitemap:url/sitemap:loc", SITEMAP_NS)]


@pytest.mark.django_db
def test_sitemap_lists_public_pages_only(client, home_page):
    events = EventIndexPage.objects.get()
    event_with_sessions(events, SESSION, slug="public-event")
    GroupPageFactory(parent=GroupIndexPage.objects.get(), slug="public-group")
    event_with_sessions(events, SESSION, slug="draft-event").unpublish()
    event_with_sessions(
        events, SESSION, slug="expired-event", expire_at=dt.datetime(2020, 1, 1, tzinfo=TOKYO)
    )
    restricted = GroupPageFactory(parent=GroupIndexPage.objects.get(), slug="restricted-group")
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)

    assert sitemap_locations(client) == [
        "http://localhost/",
        "http://localhost/groups/",
        "http://localhost/groups/public-group/",
        "http://localhost/events/",
        "http://localhost/events/public-event/",
        "http://localhost/notices/",
    ]


@pytest.mark.django_db
def test_pages_under_a_restricted_section_are_left_out(client, home_page):
    GroupPageFactory(parent=GroupIndexPage.objects.get(), slug="member-group")
    PageViewRestriction.objects.create(
        page=GroupIndexPage.objects.get(), restriction_type=PageViewRestriction.LOGIN
    )
    assert sitemap_locations(client) == [
        "http://localhost/",
        "http://localhost/events/",
        "http://localhost/notices/",
    ]


@pytest.mark.django_db
def test_robots_txt_allows_the_site_except_the_admin_and_names_the_sitemap(client, settings):
    settings.PUBLIC_BASE_URL = "https://kyodo.example.jp"
    response = client.get("/robots.txt", headers={"host": "internal-name"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        "User-agent: *\nAllow: /\nDisallow: /admin/\n\nSitemap: https://kyodo.example.jp/sitemap.xml\n"
    )
