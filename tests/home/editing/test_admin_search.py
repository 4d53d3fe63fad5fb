"""The admin finds Japanese by part of a word (home/editing/search.py), and lists visions and
actions by their numbers, on PostgreSQL and SQLite alike.

Titles are read from the rendered HTML, as an editor reads them, so the numbers before the
titles (「アクション8　…」) are checked where they are shown.
"""

import datetime as dt
import html
import re

import pytest
import time_machine
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from home.loading.editors import EDITORS
from home.models import ActionPage, PlanPage, VisionPage
from jp.time import TOKYO

# The module loads the sample content once; its tests stay on one worker (xdist_group).
pytestmark = [pytest.mark.django_db, pytest.mark.sqlite, pytest.mark.xdist_group("admin-search")]

NOW = dt.datetime(2026, 12, 4, 10, 0, tzinfo=TOKYO)
ACTION_8 = "アクション8\u3000市民と市民公益活動団体が出会う場やイベントの開催"
PLAN = "鎌ケ谷市協働のためのアクションプラン22"
ACTION_TITLES = [
    "地域づくりコーディネーターの育成",
    "地域づくりコーディネーターとの連携・支援",
    "市民活動推進センターの連携機能の強化",
    "多様な主体が参加する交流会の実施",
    "協働アドバイザーの活動現場派遣",
    "教育機関や事業者の地域参画と連携の支援",
    "多様な手法（特にデジタルツール）による各種情報発信",
    "市民と市民公益活動団体が出会う場やイベントの開催",
    "市民公益活動スタートアップ講座の開催",
    "協働アドバイザーによる相談",
    "市民活動若者体験事業の開催",
    "楽しみながら地域に興味を持てる場の創出",
    "働き盛り世代を巻き込む仕掛けの創出",
    "身近な市民公益活動の周知",
    "市民公益活動支援講座の開催",
    "情報発信（特にオンライン対応）に関する支援",
    "市民活動応援補助金の活用促進",
    "プロボノの活用",
    "協働に関する庁内ワークショップの開催",
    "職員向け協働ハンドブックの改訂と普及",
    "市職員と他の主体との交流会の実施",
    "庁内での協働アドバイザーによる相談体制の強化",
]
ACTIONS = [f"アクション{number}\u3000{title}" for number, title in enumerate(ACTION_TITLES, 1)]
VISIONS = [
    "未来像1\u3000多様な人（主体）の連携が相乗効果を生み出す",
    "未来像2\u3000市民が地域の活動を知り、誰でも気軽に参加できる",
    "未来像3\u3000市民公益活動団体が組織力を上げ、持続的な活動ができる",
    "未来像4\u3000行政が協働に向けて取り組める体制を強化している",
]
# The sample groups whose 活動分野 include 子どもの健全育成を図る活動: none of them writes 子ども.
CHILDREN_GROUPS = [
    "こども食堂 ひだまり（サンプル）",
    "子育てサロン ぴよぴよ（サンプル）",
    "読み聞かせグループ おはなしのたね（サンプル）",
    "こども将棋クラブ（サンプル）",
    "冒険あそび場をつくる会（サンプル）",
    "NPO法人 こどもプログラミングラボ（サンプル）",
    "有限会社 梨の木ファーム（サンプル）",
    "さくら小学校（サンプル）",
    "かまがや東高等学校 ボランティア部（サンプル）",
    "中高生まちづくり会議（サンプル）",
    "みどり台中学校 PTA（サンプル）",
]
EXPECTED_PAGES = {
    "アクション8": [ACTION_8],
    # Full-width digits, as a Japanese keyboard types them.
    "アクション８": [ACTION_8],
    # Every action by number, then the plan, whose title holds the word too.
    "アクション": [*ACTIONS, PLAN],
    "出会う場": [ACTION_8],
    "未来像2": [VISIONS[1]],
    "子ども": CHILDREN_GROUPS,
    # Part of the kana of 手話サークル てとて, which its title does not show.
    "しゅわさーくる": ["手話サークル てとて（サンプル）"],
    # Pages whose title holds the word come first, then those that only mention it.
    "交流会": [
        ACTIONS[3],
        ACTIONS[20],
        "市職員と市民活動団体の交流会（サンプル）",
        ACTIONS[5],
        "かまがや にほんごひろば（サンプル）",
        "手話サークル てとて（サンプル）",
        "まちの活動 つながるカフェ（サンプル）",
    ],
    "出会う場 イベント": [ACTION_8],
    "出会う場 講座": [],
}
LISTING_TITLE = re.compile(r'<span id="page_\d+_title">(.*?)</span>', re.DOTALL)
CHOOSER_TITLE = re.compile(r'class="choose-page"[^>]* data-admin-title="([^"]*)"')
TITLE_HEADER = re.compile(r'<th class="title">(.*?)</th>', re.DOTALL)
TAG = re.compile(r"<[^>]+>")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The plan and the sample content, loaded once for the module and rolled back after it."""
    with (
        django_db_blocker.unblock(),
        transaction.atomic(),
        time_machine.travel(NOW, tick=False),
    ):
        call_command("load_plan", stdout=None)
        call_command("load_demo", stdout=None)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def editor_client(demo, client):
    editor = User.objects.create_user("henshu")
    editor.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(editor)
    return client


def text_of(fragment):
    return html.unescape(TAG.sub("", fragment)).strip()


def listing_titles(response):
    assert response.status_code == 200
    return [text_of(title) for title in LISTING_TITLE.findall(response.content.decode())]


def chooser_titles(response):
    assert response.status_code == 200
    return [html.unescape(title) for title in CHOOSER_TITLE.findall(response.content.decode())]


def every_page_of(client, url, query):
    """Responses for each page of a paginated listing, as an editor pages through it."""
    responses = [client.get(url, query)]
    while responses[-1].context["page_obj"].has_next():
        responses.append(client.get(url, {**query, "p": len(responses) + 1}))
    return responses


def search_pages(client, query):
    url = reverse("wagtailadmin_pages:search")
    return [
        title for page in every_page_of(client, url, {"q": query}) for title in listing_titles(page)
    ]


def search_from_explorer(client, query):
    root = PlanPage.objects.get().get_parent()
    url = reverse("wagtailadmin_explore", args=[root.pk])
    return listing_titles(client.get(url, {"q": query, "search_all": 1}))


def choose_page(client, query):
    return chooser_titles(client.get(reverse("wagtailadmin_choose_page_search"), {"q": query}))


@pytest.mark.parametrize("search", [search_pages, search_from_explorer, choose_page])
@pytest.mark.parametrize(("query", "expected"), EXPECTED_PAGES.items())
def test_pages_are_found_by_part_of_a_word_a_kana_or_a_number(
    editor_client, search, query, expected
):
    assert search(editor_client, query) == expected


@pytest.mark.parametrize("search", [search_pages, search_from_explorer, choose_page])
def test_actions_found_are_in_number_order_whatever_their_place_in_the_tree(editor_client, search):
    vision = VisionPage.objects.get(number=2)
    ActionPage.objects.get(number=7).move(vision, pos="last-child")
    assert search(editor_client, "アクション") == [*ACTIONS, PLAN]


def test_page_search_results_are_counted_in_pages_not_none(editor_client):
    response = editor_client.get(reverse("wagtailadmin_pages:search"), {"q": "アクション8"})
    header = text_of(TITLE_HEADER.search(response.content.decode()).group(1))
    assert "None" not in header
    assert header.replace("タイトル", "").count("ページ") == 1


# Wagtail's own listing asks twice per row whether the page has live descendants, and loads the
# number of each distinct parent vision for its admin title: the search itself is a count and a
# select, whatever it finds. One more reads the user's roles, to narrow a group member's pages
# (home/editing/page_policy.py).
SEARCH_VIEW_QUERIES = 20
QUERIES_PER_ROW = 2


def test_page_search_costs_a_fixed_number_of_queries_plus_wagtails_per_row(
    editor_client, django_assert_num_queries
):
    url = reverse("wagtailadmin_pages:search_results")
    editor_client.get(url, {"q": "出会う場"})  # sessions, permissions and caches warmed
    with django_assert_num_queries(SEARCH_VIEW_QUERIES + QUERIES_PER_ROW * 1 + 1):
        one = editor_client.get(url, {"q": "出会う場"})
    with django_assert_num_queries(SEARCH_VIEW_QUERIES + QUERIES_PER_ROW * 20 + 4):
        many = editor_client.get(url, {"q": "アクション"})
    assert (listing_titles(one), listing_titles(many)) == ([ACTION_8], ACTIONS[:20])


def test_explorer_lists_a_visions_actions_by_number_with_their_numbers(editor_client):
    vision = VisionPage.objects.get(number=2)
    ActionPage.objects.get(number=7).move(vision, pos="last-child")
    response = editor_client.get(reverse("wagtailadmin_explore", args=[vision.pk]))
    assert listing_titles(response) == ACTIONS[6:14]


def test_explorer_lists_the_plans_visions_by_number_with_their_numbers(editor_client):
    plan = PlanPage.objects.get()
    VisionPage.objects.get(number=1).move(plan, pos="last-child")
    response = editor_client.get(reverse("wagtailadmin_explore", args=[plan.pk]))
    assert listing_titles(response) == VISIONS


def test_explorer_still_sorts_by_a_column_the_editor_chooses(editor_client):
    vision = VisionPage.objects.get(number=4)
    response = editor_client.get(
        reverse("wagtailadmin_explore", args=[vision.pk]), {"ordering": "-title"}
    )
    # The database's own collation decides how Japanese titles sort.
    by_title = [
        action.get_admin_display_title()
        for action in ActionPage.objects.child_of(vision).order_by("-title")
    ]
    assert by_title != ACTIONS[18:22]
    assert listing_titles(response) == by_title


SNIPPET_TITLE = re.compile(r'<span id="snippet_\d+_title">(.*?)</span>', re.DOTALL)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Inside a name: PostgreSQL's full-text search found neither.
        ("ふれあい", ["新鎌ケ谷駅前 ふれあい広場（サンプル）", "道野辺ふれあい会館（サンプル）"]),
        # Part of a kana reading, in the venues' kana order.
        (
            "かいかん",
            [
                "きらり鎌ケ谷市民会館（サンプル）",
                "中沢自治会館（サンプル）",
                "道野辺ふれあい会館（サンプル）",
            ],
        ),
    ],
)
def test_venue_snippets_are_found_by_part_of_a_name_or_kana(editor_client, query, expected):
    response = editor_client.get(reverse("wagtailsnippets_home_venue:list"), {"q": query})
    assert response.status_code == 200
    titles = [text_of(title) for title in SNIPPET_TITLE.findall(response.content.decode())]
    assert titles == expected


IMAGE_TITLE = re.compile(r"<a data-chooser-modal-choice .*?<h3>(.*?)</h3>", re.DOTALL)


def test_image_chooser_finds_a_picture_by_part_of_its_title(editor_client):
    response = editor_client.get(reverse("wagtailimages_chooser:choose_results"), {"q": "円"})
    assert response.status_code == 200
    assert [text_of(title) for title in IMAGE_TITLE.findall(response.content.decode())] == [
        "サンプル画像：緑と黄色の円",
        "サンプル画像：青緑の同心円",
        "サンプル画像：夕焼け色と白い円",
    ]
