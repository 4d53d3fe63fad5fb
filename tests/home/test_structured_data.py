"""Canonical URL, Open Graph and schema.org JSON-LD in the <head> of public pages."""

import datetime as dt
import json
import re
from html.parser import HTMLParser

import pytest
import wagtail_factories
from django.core.paginator import Paginator
from django.template.loader import render_to_string

from home.models import EventIndexPage, GroupIndexPage
from jp.time import TOKYO
from tests.factories import GroupPageFactory, VenueFactory, event_with_sessions

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


class HeadTags(HTMLParser):
    """The <link rel> and <meta property> tags of a page, as {name: value}."""

    def __init__(self, html):
        super().__init__()
        self.links = {}
        self.properties = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link":
            self.links[attributes["rel"]] = attributes["href"]
        if tag == "meta" and "property" in attributes:
            self.properties[attributes["property"]] = attributes["content"]


def json_ld_of(client, page):
    html = client.get(page.url).content.decode()
    return [json.loads(text) for text in JSON_LD.findall(html)]


def image(title):
    return wagtail_factories.ImageFactory(title=title, description=f"{title}の写真")


def absolute_rendition(picture, spec):
    return "http://localhost" + picture.get_rendition(spec).url


@pytest.fixture
def organiser(home_page):
    return GroupPageFactory(
        parent=GroupIndexPage.objects.get(),
        title="鎌ケ谷防災ネット",
        slug="bousai-net",
        name_kana="かまがやぼうさいねっと",
        organisation_type="npo",
    )


@pytest.fixture
def course(home_page, organiser):
    """A two-session paid course at a venue with coordinates, run by a group and a partner."""
    venue = VenueFactory(
        name="きらり鎌ケ谷市民会館",
        address="千葉県鎌ケ谷市初富924-1",
        latitude="35.776600",
        longitude="140.001000",
    )
    event = event_with_sessions(
        EventIndexPage.objects.get(),
        (dt.datetime(2027, 1, 9, 10, tzinfo=TOKYO), dt.datetime(2027, 1, 9, 12, tzinfo=TOKYO)),
        (dt.datetime(2027, 1, 16, 10, tzinfo=TOKYO), dt.datetime(2027, 1, 16, 12, tzinfo=TOKYO)),
        title="親子で学ぶ防災講座",
        slug="bousai-kouza",
        summary="全2回で、家庭でできる備えを学びます。",
        venue=venue,
        room="第1会議室",
        fee=500,
        registration_required=True,
        registration_url="https://forms.example.jp/bousai",
        registration_deadline=dt.datetime(2027, 1, 5, 17, tzinfo=TOKYO),
        organiser_text="鎌ケ谷市（後援）",
    )
    event.organisers.set([organiser])
    event.save_revision().publish()
    return event


@pytest.mark.django_db
def test_two_session_course_is_one_event_with_a_sub_event_per_session(client, course):
    url = "http://localhost/events/bousai-kouza/"
    assert json_ld_of(client, course) == [
        {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": "親子で学ぶ防災講座",
            "startDate": "2027-01-09T10:00:00+09:00",
            "endDate": "2027-01-16T12:00:00+09:00",
            "description": "全2回で、家庭でできる備えを学びます。",
            "url": url,
            "eventStatus": "https://schema.org/EventScheduled",
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "location": {
                "@type": "Place",
                "name": "きらり鎌ケ谷市民会館 第1会議室",
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": "千葉県鎌ケ谷市初富924-1",
                    "addressCountry": "JP",
                },
                "geo": {"@type": "GeoCoordinates", "latitude": 35.7766, "longitude": 140.001},
            },
            "isAccessibleForFree": False,
            "offers": {
                "@type": "Offer",
                "price": "500",
                "priceCurrency": "JPY",
                "url": "https://forms.example.jp/bousai",
                "validThrough": "2027-01-05T17:00:00+09:00",
            },
            "subEvent": [
                {
                    "@type": "Event",
                    "name": "親子で学ぶ防災講座（第1回）",
                    "url": url,
                    "startDate": "2027-01-09T10:00:00+09:00",
                    "endDate": "2027-01-09T12:00:00+09:00",
                },
                {
                    "@type": "Event",
                    "name": "親子で学ぶ防災講座（第2回）",
                    "url": url,
                    "startDate": "2027-01-16T10:00:00+09:00",
                    "endDate": "2027-01-16T12:00:00+09:00",
                },
            ],
            "organizer": [
                {
                    "@type": "NGO",
                    "name": "鎌ケ谷防災ネット",
                    "url": "http://localhost/groups/bousai-net/",
                },
                {"@type": "Organization", "name": "鎌ケ谷市（後援）"},
            ],
        }
    ]


@pytest.mark.django_db
def test_cancelled_hybrid_event_has_a_place_and_a_virtual_location(client, home_page):
    picture = image("防災フェア")
    event = event_with_sessions(
        EventIndexPage.objects.get(),
        (dt.datetime(2027, 3, 6, 13, tzinfo=TOKYO), dt.datetime(2027, 3, 6, 15, tzinfo=TOKYO)),
        title="防災フェア",
        slug="bousai-fair",
        summary="会場とオンラインで開催します。",
        venue=VenueFactory(name="中央公民館", address="鎌ケ谷市中央1-1"),
        status="cancelled",
        status_note="荒天のため中止します",
        attendance_mode="hybrid",
        online_url="https://meet.example.jp/bousai-fair",
        image=picture,
    )
    url = "http://localhost/events/bousai-fair/"
    assert json_ld_of(client, event) == [
        {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": "防災フェア",
            "startDate": "2027-03-06T13:00:00+09:00",
            "endDate": "2027-03-06T15:00:00+09:00",
            "description": "会場とオンラインで開催します。",
            "url": url,
            "eventStatus": "https://schema.org/EventCancelled",
            "eventAttendanceMode": "https://schema.org/MixedEventAttendanceMode",
            "location": [
                {
                    "@type": "Place",
                    "name": "中央公民館",
                    "address": {
                        "@type": "PostalAddress",
                        "streetAddress": "鎌ケ谷市中央1-1",
                        "addressCountry": "JP",
                    },
                },
                {"@type": "VirtualLocation", "url": "https://meet.example.jp/bousai-fair"},
            ],
            "isAccessibleForFree": True,
            "offers": {"@type": "Offer", "price": "0", "priceCurrency": "JPY", "url": url},
            "image": absolute_rendition(picture, "fill-1200x630"),
        }
    ]


@pytest.mark.django_db
def test_online_event_has_only_a_virtual_location(client, home_page):
    event = event_with_sessions(
        EventIndexPage.objects.get(),
        (dt.datetime(2027, 2, 1, 19, tzinfo=TOKYO), dt.datetime(2027, 2, 1, 20, tzinfo=TOKYO)),
        venue=None,
        attendance_mode="online",
        online_url="https://meet.example.jp/talk",
    )
    [data] = json_ld_of(client, event)
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://meet.example.jp/talk"}


@pytest.mark.django_db
def test_all_day_session_dates_are_plain_dates(client, home_page):
    event = event_with_sessions(
        EventIndexPage.objects.get(),
        (dt.datetime(2027, 5, 3, 0, tzinfo=TOKYO), dt.datetime(2027, 5, 4, 23, 59, tzinfo=TOKYO)),
    )
    event.sessions.update(all_day=True)
    [data] = json_ld_of(client, event)
    assert (data["startDate"], data["endDate"]) == ("2027-05-03", "2027-05-04")


@pytest.mark.django_db
def test_group_is_an_ngo_with_its_published_contacts(client, home_page):
    logo = image("ロゴ")
    group = GroupPageFactory(
        parent=GroupIndexPage.objects.get(),
        title="NPO法人かまがや子ども食堂",
        slug="kodomo-shokudo",
        name_kana="かまがやこどもしょくどう",
        organisation_type="npo",
        summary="毎月第2土曜日に子ども食堂を開いています。",
        logo=logo,
        contact_email="info@kodomo.example.jp",
        contact_phone="047-000-0000",
        website="https://kodomo.example.jp/",
        sns_links=[("sns", {"service": "instagram", "url": "https://instagram.com/kodomo"})],
    )
    assert json_ld_of(client, group) == [
        {
            "@context": "https://schema.org",
            "@type": "NGO",
            "name": "NPO法人かまがや子ども食堂",
            "alternateName": "かまがやこどもしょくどう",
            "description": "毎月第2土曜日に子ども食堂を開いています。",
            "url": "http://localhost/groups/kodomo-shokudo/",
            "logo": absolute_rendition(logo, "max-600x600"),
            "email": "info@kodomo.example.jp",
            "telephone": "047-000-0000",
            "sameAs": ["https://kodomo.example.jp/", "https://instagram.com/kodomo"],
        }
    ]


@pytest.mark.django_db
def test_neighbourhood_association_is_an_organization_without_unpublished_contacts(
    client, home_page
):
    group = GroupPageFactory(
        parent=GroupIndexPage.objects.get(),
        title="東初富自治会",
        slug="higashi-hatsutomi",
        name_kana="ひがしはつとみじちかい",
        organisation_type="neighbourhood",
        summary="東初富地区の自治会です。",
    )
    assert json_ld_of(client, group) == [
        {
            "@context": "https://schema.org",
            "@type": "Organization",
            "name": "東初富自治会",
            "alternateName": "ひがしはつとみじちかい",
            "description": "東初富地区の自治会です。",
            "url": "http://localhost/groups/higashi-hatsutomi/",
        }
    ]


@pytest.mark.django_db
def test_json_ld_cannot_close_its_script_element(client, home_page):
    title = "</script><script>alert('x')</script> & 防災"
    event = event_with_sessions(
        EventIndexPage.objects.get(),
        (dt.datetime(2027, 1, 9, 10, tzinfo=TOKYO), dt.datetime(2027, 1, 9, 12, tzinfo=TOKYO)),
        title=title,
    )
    html = client.get(event.url).content.decode()
    assert "<script>alert" not in html
    [data] = [json.loads(text) for text in JSON_LD.findall(html)]
    assert data["name"] == title


@pytest.mark.django_db
def test_event_page_has_canonical_and_open_graph_tags_with_absolute_urls(client, home_page):
    picture = image("防災講座")
    event = event_with_sessions(
        EventIndexPage.objects.get(),
        (dt.datetime(2027, 1, 9, 10, tzinfo=TOKYO), dt.datetime(2027, 1, 9, 12, tzinfo=TOKYO)),
        title="親子で学ぶ防災講座",
        slug="bousai-kouza",
        summary="家庭でできる備えを学びます。",
        image=picture,
    )
    head = HeadTags(client.get(event.url).content.decode())
    assert head.links["canonical"] == "http://localhost/events/bousai-kouza/"
    assert head.properties == {
        "og:url": "http://localhost/events/bousai-kouza/",
        "og:type": "article",
        "og:title": "親子で学ぶ防災講座",
        "og:description": "家庭でできる備えを学びます。",
        "og:image": absolute_rendition(picture, "fill-1200x630"),
        "og:locale": "ja_JP",
        "og:site_name": "かまがや協働ポータル",
    }


@pytest.mark.django_db
def test_search_description_and_seo_title_take_precedence_in_open_graph(client, home_page):
    group = GroupPageFactory(
        parent=GroupIndexPage.objects.get(),
        seo_title="子ども食堂｜鎌ケ谷",
        search_description="鎌ケ谷市の子ども食堂の紹介です。",
    )
    properties = HeadTags(client.get(group.url).content.decode()).properties
    assert (properties["og:title"], properties["og:description"]) == (
        "子ども食堂｜鎌ケ谷",
        "鎌ケ谷市の子ども食堂の紹介です。",
    )


@pytest.mark.django_db
def test_home_page_is_a_website_without_json_ld(client, home_page):
    html = client.get("/").content.decode()
    head = HeadTags(html)
    assert head.links["canonical"] == "http://localhost/"
    assert head.properties["og:type"] == "website"
    # No picture of its own: the site's name in its colours (tests/home/test_meta_description.py).
    assert head.properties["og:image"] == "http://localhost/static/images/og-home.png"
    assert JSON_LD.findall(html) == []


@pytest.mark.django_db
def test_a_non_wagtail_page_in_the_context_gets_no_page_meta(rf, home_page):
    paginator_page = Paginator(["a", "b"], 1).page(1)
    html = render_to_string("base.html", {"page": paginator_page}, request=rf.get("/search/"))
    assert 'rel="canonical"' not in html
    assert "og:" not in html
