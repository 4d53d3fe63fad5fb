"""<meta name="description"> and og:description on every public page, and the home page's og:image.

Lighthouse's SEO audit fails a page without a description; search engines show it under the
title. Each kind of page says something of its own, in plain text of at most 120 characters.
"""

import datetime as dt
from html.parser import HTMLParser

import pytest
import time_machine
from django.contrib.staticfiles import finders
from PIL import Image

from home.models import (
    ActionPage,
    EventIndexPage,
    GroupIndexPage,
    HomePage,
    NoticeIndexPage,
    VisionPage,
)
from home.page_descriptions import first_sentence, shorten
from jp.time import TOKYO
from tests.factories import GroupPageFactory, NoticePageFactory, event_with_sessions

NOW = dt.datetime(2026, 12, 20, 12, 0, tzinfo=TOKYO)
SITE = "鎌ケ谷市の市民活動・地域活動の情報をまとめて探せるサイトです。"
# The plan's first sentence is 131 characters: the description keeps 119 and ends in …
PLAN_START = (
    "現在、全国的に進行している少子高齢化や新型コロナウイルス感染症の拡大など、刻々と変化して"
    "いく社会状況に対応するため、市民、市民公益活動団体、自治会、事業者、行政、教育機関など、"
    "地域の多様な主体がともに支え合い、より主体的にまちづくりを担う"
)


class HeadMeta(HTMLParser):
    """Every <meta name> and <meta property> of a page, as (key, content) pairs in order."""

    def __init__(self, html):
        super().__init__()
        self.pairs = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        key = attributes.get("name") or attributes.get("property")
        if tag == "meta" and key:
            self.pairs.append((key, attributes["content"]))

    def values(self, key):
        return [content for name, content in self.pairs if name == key]


def described(client, url):
    """The page's description and og:description (the latter None off a Wagtail page)."""
    response = client.get(url)
    assert response.status_code == 200, url
    head = HeadMeta(response.content.decode())
    [description] = head.values("description")
    og = head.values("og:description")
    return description, (og[0] if og else None)


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def pages(index):
    """One page of each kind, beside the loaded plan and the site's section lists."""
    event = event_with_sessions(
        index,
        (dt.datetime(2027, 1, 9, 10, tzinfo=TOKYO), dt.datetime(2027, 1, 9, 12, tzinfo=TOKYO)),
        slug="bousai-kouza",
        summary="全2回で、家庭でできる備えを学びます。",
    )
    group = GroupPageFactory(
        parent=GroupIndexPage.objects.get(),
        slug="wakaba",
        summary="毎月第2土曜日に\n子ども食堂を開いています。",
    )
    notice = NoticePageFactory(
        parent=NoticeIndexPage.objects.get(),
        slug="oshirase",
        body='<p>窓口の受付時間が<b>変わります</b>。</p><p>詳しくは<a href="/plan/">こちら</a>&amp;'
        "電話で。</p>",
    )
    return {
        "event": event.url,
        "group": group.url,
        "notice": notice.url,
        "action": ActionPage.objects.get(number=7).url,
        "vision": VisionPage.objects.get(number=1).url,
    }


CASES = {
    "home": ("/", SITE),
    "plan": ("/plan/", PLAN_START + "…"),
    "group list": (
        "/groups/",
        "鎌ケ谷市で活動する市民活動団体・地域団体を、活動分野や地区からさがせます。",
    ),
    "event list": (
        "/events/",
        "鎌ケ谷市の市民活動・地域活動のイベントを、日付や対象、会場からさがせます。",
    ),
    "event calendar": (
        "/events/calendar/2027/1/",
        "鎌ケ谷市の市民活動・地域活動のイベントを、日付や対象、会場からさがせます。",
    ),
    "notice list": ("/notices/", "かまがや協働ポータルからのお知らせの一覧です。"),
    "event": ("event", "全2回で、家庭でできる備えを学びます。"),
    "group": ("group", "毎月第2土曜日に 子ども食堂を開いています。"),
    "notice": ("notice", "窓口の受付時間が変わります。 詳しくはこちら&電話で。"),
    "action": (
        "action",
        "市の広報紙「広報かまがや」、ホームページ、市民活動推進センターでの情報発信に加え、"
        "幅広い年代に伝達できるSNSなどのデジタルツールを用いて、市民公益活動の内容を"
        "わかりやすく伝えます。",
    ),
    "vision": (
        "vision",
        "市民、市民公益活動団体、自治会、事業者、行政、教育機関など、多様な主体が連携して、"
        "相乗効果を生み出しながら、鎌ケ谷市の地域課題の掘り起こしや解決をしています。",
    ),
}


@pytest.mark.parametrize(("url", "description"), CASES.values(), ids=CASES.keys())
def test_every_kind_of_page_describes_itself_in_meta_and_open_graph(
    client, pages, url, description
):
    assert described(client, pages.get(url, url)) == (description, description)
    assert len(description) <= 120


def test_pages_outside_the_page_tree_describe_the_site(client, home_page):
    assert described(client, "/search/?q=防災") == (SITE, None)


def test_search_description_comes_first_on_one_line(client, index):
    group = GroupPageFactory(
        parent=GroupIndexPage.objects.get(),
        summary="一覧に出る紹介です。",
        search_description="鎌ケ谷市の子ども食堂。\r\n毎月第2土曜日に開いています。",
    )
    EventIndexPage.objects.filter(pk=index.pk).update(search_description="イベントをさがす")
    expected = "鎌ケ谷市の子ども食堂。 毎月第2土曜日に開いています。"
    assert described(client, group.url) == (expected, expected)
    assert described(client, "/events/") == ("イベントをさがす", "イベントをさがす")


def test_an_introduction_gives_a_list_its_first_sentence(client, home_page):
    GroupIndexPage.objects.update(
        introduction="<p>分野や地区から「団体。」をさがせます。</p><p>募集中の団体もあります。</p>"
    )
    HomePage.objects.update(introduction="")
    assert described(client, "/groups/")[0] == "分野や地区から「団体。」をさがせます。"
    assert described(client, "/")[0] == SITE


def test_a_long_summary_is_cut_to_120_characters_ending_in_an_ellipsis(client, index):
    # The 120th character is the voiced mark of が, written as か and a combining mark.
    event = event_with_sessions(index, summary="あ" * 118 + "か\u3099" + "い" * 79)
    assert described(client, event.url) == ("あ" * 118 + "…", "あ" * 118 + "…")


def test_markup_in_a_summary_is_text_not_tags(client, index):
    event = event_with_sessions(index, summary='"防災" <b>講座</b> & 体験')
    html = client.get(event.url).content.decode()
    assert (
        '<meta name="description" content="&quot;防災&quot; &lt;b&gt;講座&lt;/b&gt; &amp; 体験">'
        in (html)
    )
    assert HeadMeta(html).values("description") == ['"防災" <b>講座</b> & 体験']


def test_the_home_page_has_a_1200_by_630_share_image(client, home_page):
    head = HeadMeta(client.get("/").content.decode())
    assert head.values("og:image") == ["http://localhost/static/images/og-home.png"]
    with Image.open(finders.find("images/og-home.png")) as image:
        assert (image.format, image.size) == ("PNG", (1200, 630))
    assert client.get("/static/images/og-home.png").status_code == 200


def test_other_pages_without_a_picture_have_no_share_image(client, pages):
    for url in ["/events/", "/plan/", pages["notice"], pages["event"]]:
        assert HeadMeta(client.get(url).content.decode()).values("og:image") == [], url


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("鎌ケ谷市の情報です。次の文です。", "鎌ケ谷市の情報です。"),
        ("「集まろう。」と呼びかけました。続き。", "「集まろう。」と呼びかけました。"),
        ("本当ですか？ はい。", "本当ですか？"),
        ("句点のない一文", "句点のない一文"),
    ],
)
def test_first_sentence_ends_at_the_first_full_stop_outside_quotes(text, sentence):
    assert first_sentence(text) == sentence


@pytest.mark.parametrize(
    ("text", "shortened"),
    [
        ("あ" * 120, "あ" * 120),
        ("あ" * 121, "あ" * 119 + "…"),
        # A variation selector (葛 with an IVS) and an emoji's modifier stay with their character.
        ("あ" * 118 + "葛\U000e0100" + "い", "あ" * 118 + "…"),
        ("あ" * 118 + "\U0001f44d\U0001f3fd" + "い", "あ" * 118 + "…"),
        ("a" * 100 + " " + "b" * 30, "a" * 100 + " " + "b" * 18 + "…"),
    ],
)
def test_shorten_cuts_between_characters(text, shortened):
    assert shorten(text) == shortened
    assert len(shortened) <= 120
