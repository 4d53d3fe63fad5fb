"""load_plan reproduces the plan exactly, and a second run changes nothing."""

import json

import pytest
from django.core.management import call_command
from wagtail.models import Revision, Site

from home.data import PLAN_FILE
from home.loading.plan import read_activity_fields
from home.models import ActionPage, ActivityField, Audience, HomePage, PlanPage, VisionPage

pytestmark = pytest.mark.sqlite

# Copied by hand from the plan's own table of the 22 actions (p.37 of the plan): number, title,
# 既存/新規, vision, related actions. Independent of home/data, so a damaged data file fails here.
PLAN_ACTIONS = [
    (1, "地域づくりコーディネーターの育成", "existing", 1, [2]),
    (2, "地域づくりコーディネーターとの連携・支援", "new", 1, [1]),
    (3, "市民活動推進センターの連携機能の強化", "new", 1, [6]),
    (4, "多様な主体が参加する交流会の実施", "existing", 1, [6, 8, 12, 21]),
    (5, "協働アドバイザーの活動現場派遣", "new", 1, [10]),
    (6, "教育機関や事業者の地域参画と連携の支援", "new", 1, [3, 4, 8, 12, 21]),
    (7, "多様な手法（特にデジタルツール）による各種情報発信", "new", 2, [14, 16]),
    (8, "市民と市民公益活動団体が出会う場やイベントの開催", "new", 2, [4, 6, 21]),
    (9, "市民公益活動スタートアップ講座の開催", "new", 2, [11, 13, 18]),
    (10, "協働アドバイザーによる相談", "existing", 2, [5, 22]),
    (11, "市民活動若者体験事業の開催", "existing", 2, [9, 13, 18]),
    (12, "楽しみながら地域に興味を持てる場の創出", "new", 2, [4, 6]),
    (13, "働き盛り世代を巻き込む仕掛けの創出", "new", 2, [9, 11, 18]),
    (14, "身近な市民公益活動の周知", "new", 2, [7]),
    (15, "市民公益活動支援講座の開催", "existing", 3, [16]),
    (16, "情報発信（特にオンライン対応）に関する支援", "new", 3, [7, 15]),
    (17, "市民活動応援補助金の活用促進", "existing", 3, []),
    (18, "プロボノの活用", "new", 3, [9, 11, 13]),
    (19, "協働に関する庁内ワークショップの開催", "existing", 4, [20, 21]),
    (20, "職員向け協働ハンドブックの改訂と普及", "existing", 4, [19]),
    (21, "市職員と他の主体との交流会の実施", "new", 4, [4, 6, 8, 19]),
    (22, "庁内での協働アドバイザーによる相談体制の強化", "existing", 4, [10]),
]


@pytest.fixture
def plan_data():
    return json.loads(PLAN_FILE.read_text(encoding="utf-8"))


@pytest.fixture
def loaded(db):
    call_command("load_plan", stdout=open("/dev/null", "w"))  # noqa: SIM115


def action_rows():
    return [
        {
            "number": action.number,
            "title": action.title,
            "status": action.status,
            "vision": action.get_parent().specific.number,
            "related_actions": [related.number for related in action.related_actions.all()],
            "live": action.live,
        }
        for action in ActionPage.objects.order_by("number")
    ]


def test_the_22_actions_match_the_plan_exactly(loaded):
    rows = [
        (row["number"], row["title"], row["status"], row["vision"], sorted(row["related_actions"]))
        for row in action_rows()
    ]
    assert rows == PLAN_ACTIONS
    assert all(row["live"] for row in action_rows())


def test_actions_carry_the_need_and_description_from_the_plan(loaded, plan_data):
    needs = {need["number"]: need["text"] for need in plan_data["needs"]}
    stored = {
        action.number: (action.need, action.description) for action in ActionPage.objects.all()
    }
    assert stored == {
        action["number"]: (needs[action["need"]], f"<p>{action['description']}</p>")
        for action in plan_data["actions"]
    }


def test_visions_match_the_plan(loaded, plan_data):
    visions = [
        (vision.number, vision.title, vision.summary, vision.example_texts)
        for vision in VisionPage.objects.order_by("number")
    ]
    assert visions == [
        (vision["number"], vision["title"], vision["summary"], vision["examples"])
        for vision in plan_data["visions"]
    ]


def test_actions_sit_under_their_vision_in_number_order(loaded):
    for vision in VisionPage.objects.all():
        numbers = [page.specific.number for page in vision.get_children()]
        assert numbers == sorted(numbers)
        assert all(
            ActionPage.objects.get(number=number).get_parent().pk == vision.pk for number in numbers
        )
    assert [VisionPage.objects.get(number=n).get_children().count() for n in (1, 2, 3, 4)] == [
        6,
        8,
        4,
        4,
    ]


def test_plan_page_has_the_plan_period_and_its_own_introduction(loaded, plan_data):
    plan = PlanPage.objects.get()
    assert (plan.title, plan.start_fiscal_year, plan.end_fiscal_year, plan.period_note) == (
        "鎌ケ谷市協働のためのアクションプラン22",
        2021,
        2026,
        "令和3年度から令和8年度までの6年間",
    )
    assert plan.introduction.startswith("<p>現在、全国的に進行している少子高齢化")
    assert "「コミュニケーションツール」としての役割を担います。</p>" in plan.introduction


def test_activity_fields_and_audiences_are_loaded(loaded):
    assert list(ActivityField.objects.values_list("number", "name")) == read_activity_fields()
    assert ActivityField.objects.count() == 20
    assert list(Audience.objects.values_list("name", flat=True)) == [
        "こども",
        "小中学生",
        "高校生",
        "大学生・若者",
        "子育て世代",
        "働き盛り世代",
        "シニア",
        "どなたでも",
        "団体向け",
        "市職員向け",
    ]


def test_home_page_replaces_the_wagtail_welcome_page_as_site_root(loaded):
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific_class is HomePage
    assert [child.slug for child in site.root_page.get_children()] == [
        "groups",
        "events",
        "notices",
        "plan",
    ]
    assert not site.root_page.get_parent().get_children().exclude(pk=site.root_page.pk).exists()


def test_second_run_changes_nothing(loaded):
    revisions_before = list(Revision.objects.order_by("pk").values_list("pk", flat=True))
    published_before = dict(ActionPage.objects.values_list("pk", "last_published_at"))
    call_command("load_plan", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert list(Revision.objects.order_by("pk").values_list("pk", flat=True)) == revisions_before
    assert dict(ActionPage.objects.values_list("pk", "last_published_at")) == published_before


def test_rerun_restores_plan_text_an_editor_changed_but_keeps_their_other_fields(loaded):
    action = ActionPage.objects.get(number=7)
    action.title = "書き換えられたタイトル"
    action.responsible_department = "市民活動推進課"
    action.save_revision().publish()
    call_command("load_plan", stdout=open("/dev/null", "w"))  # noqa: SIM115
    action.refresh_from_db()
    assert (action.title, action.responsible_department) == (
        "多様な手法（特にデジタルツール）による各種情報発信",
        "市民活動推進課",
    )


def test_related_actions_show_both_ways(loaded):
    seventeen = ActionPage.objects.get(number=17)
    four = ActionPage.objects.get(number=4)
    assert list(seventeen.all_related_actions()) == []
    # Link only one direction, as an editor would; the other side shows it too.
    seventeen.related_actions.set([four])
    seventeen.save_revision().publish()
    assert [a.number for a in four.all_related_actions()] == [6, 8, 12, 17, 21]
