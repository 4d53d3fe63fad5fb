"""Only public content, everywhere: no entry point and no nested list of the API shows a page
a visitor may not see.

Not public: a draft never published, a page published and then unpublished, a page past its
expiry that `publish_scheduled` has not unpublished yet, and a password-restricted page or any
page below one. A newer unpublished revision never replaces what is live. Every test keeps a
public sibling next to the hidden page, so it also proves the visible one is returned.
"""

import datetime as dt
from functools import partial

import pytest
from django.utils import timezone

from home.models import (
    ActionPage,
    EventIndexPage,
    GroupIndexPage,
    NoticeIndexPage,
    PlanPage,
    VisionPage,
)
from tests.factories import GroupPageFactory, NoticePageFactory, event_with_sessions
from tests.not_public import NOT_PUBLIC, not_public, restrict

from .helpers import graphql_data

pytestmark = pytest.mark.dates

ACTIONS_OF_VISION = {1: range(1, 7), 2: range(7, 15), 3: range(15, 19), 4: range(19, 23)}
VISION_TITLES = {
    1: "多様な人（主体）の連携が相乗効果を生み出す",
    2: "市民が地域の活動を知り、誰でも気軽に参加できる",
    3: "市民公益活動団体が組織力を上げ、持続的な活動ができる",
    4: "行政が協働に向けて取り組める体制を強化している",
}

EVENTS_QUERY = """
{
  events { totalCount results { title } }
}
"""

EVENT_BY_SLUG_QUERY = """
query ($public: String!, $hidden: String!) {
  public: event(slug: $public) { title }
  hidden: event(slug: $hidden) { title }
}
"""

GROUPS_QUERY = """
{
  groups { totalCount results { name } }
}
"""

GROUP_BY_SLUG_QUERY = """
query ($public: String!, $hidden: String!) {
  public: group(slug: $public) { name }
  hidden: group(slug: $hidden) { name }
}
"""

NOTICES_QUERY = """
{
  notices { totalCount results { title } }
}
"""

PAGE_BY_PATH_QUERY = """
query ($public: String!, $hidden: String!) {
  public: page(urlPath: $public) { title pageType }
  hidden: page(urlPath: $hidden) { title pageType }
}
"""

SEARCH_QUERY = """
query ($query: String!) {
  search(query: $query) { totalCount results { title pageType } }
}
"""

ACTION_SEARCH_QUERY = """
{
  search(query: "交流会") { totalCount results { ... on Action { number } } }
}
"""

GROUP_EVENTS_QUERY = """
query ($slug: String!, $path: String!) {
  group(slug: $slug) { events { title } }
  groups { results { name events { title } } }
  page(urlPath: $path) { ... on Group { events { title } } }
}
"""

EVENT_ORGANISERS_QUERY = """
query ($slug: String!, $path: String!) {
  event(slug: $slug) { organisers { name } }
  events { results { title organisers { name } } }
  page(urlPath: $path) { ... on Event { organisers { name } } }
}
"""

ACTIONS_QUERY = """
{
  actions { number }
}
"""

ACTION_BY_NUMBER_QUERY = """
{
  public: action(number: 21) { number }
  hidden: action(number: 22) { number }
}
"""

VISION_ACTIONS_QUERY = """
{
  visions { number actions { number } }
  vision(number: 4) { actions { number } }
}
"""

VISIONS_QUERY = """
query ($public: String!, $hidden: String!) {
  visions { number }
  public: vision(number: 3) { number }
  hidden: vision(number: 4) { number }
  publicPage: page(urlPath: $public) { title }
  hiddenPage: page(urlPath: $hidden) { title }
}
"""

ACTION_VISION_QUERY = """
query ($path: String!) {
  public: action(number: 18) { vision { number } }
  hidden: action(number: 19) { vision { number } }
  actions(filters: {vision: 3}) { number vision { number } }
  page(urlPath: $path) { ... on Action { vision { number } } }
}
"""

RELATED_ACTIONS_QUERY = """
query ($path: String!) {
  action(number: 17) { relatedActions { number } }
  actions(filters: {vision: 3}) { number relatedActions { number } }
  vision(number: 3) { actions { number relatedActions { number } } }
  page(urlPath: $path) { ... on Action { relatedActions { number } } }
}
"""

ACTION_GROUPS_QUERY = """
query ($path: String!) {
  action(number: 17) { groups { name } }
  actions(filters: {vision: 3}) { number groups { name } }
  vision(number: 3) { actions { number groups { name } } }
  page(urlPath: $path) { ... on Action { groups { name } } }
}
"""

ACTION_EVENTS_QUERY = """
query ($path: String!) {
  action(number: 17) { events { title } }
  actions(filters: {vision: 3}) { number events { title } }
  vision(number: 3) { actions { number events { title } } }
  page(urlPath: $path) { ... on Action { events { title } } }
}
"""

GROUP_RELATED_ACTIONS_QUERY = """
query ($slug: String!, $path: String!) {
  group(slug: $slug) { relatedActions { number } }
  groups { results { name relatedActions { number } } }
  page(urlPath: $path) { ... on Group { relatedActions { number } } }
}
"""

EVENT_RELATED_ACTIONS_QUERY = """
query ($slug: String!, $path: String!) {
  event(slug: $slug) { relatedActions { number } }
  events { results { title relatedActions { number } } }
  page(urlPath: $path) { ... on Event { relatedActions { number } } }
}
"""

RESTRICTED_GROUP_DIRECTORY_QUERY = """
query ($group: String!, $path: String!, $event: String!) {
  groups { totalCount results { name } }
  group(slug: $group) { name }
  page(urlPath: $path) { title }
  event(slug: $event) { title organisers { name } }
  search(query: "防災") { totalCount results { title } }
}
"""

RESTRICTED_EVENT_INDEX_QUERY = """
query ($event: String!, $path: String!, $group: String!) {
  events { totalCount results { title } }
  event(slug: $event) { title }
  page(urlPath: $path) { title }
  group(slug: $group) { name events { title } }
  search(query: "防災") { totalCount results { title } }
}
"""

RESTRICTED_NOTICE_INDEX_QUERY = """
query ($path: String!) {
  notices { totalCount results { title } }
  page(urlPath: $path) { title }
  search(query: "防災") { totalCount results { title } }
}
"""

RESTRICTED_VISION_QUERY = """
query ($path: String!, $group: String!, $event: String!) {
  visions { number }
  vision(number: 4) { number }
  actions { number }
  action(number: 20) { number }
  linked: action(number: 10) { relatedActions { number } }
  page(urlPath: $path) { title }
  group(slug: $group) { relatedActions { number } }
  event(slug: $event) { relatedActions { number } }
  search(query: "交流会") { totalCount results { ... on Action { number } } }
}
"""

RESTRICTED_PLAN_QUERY = """
query ($path: String!, $event: String!) {
  visions { number }
  vision(number: 1) { number }
  actions { number }
  action(number: 1) { number }
  page(urlPath: $path) { title }
  event(slug: $event) { title relatedActions { number } }
  search(query: "交流会") { totalCount }
}
"""

REVISED_EVENT_QUERY = """
query ($slug: String!, $path: String!, $group: String!) {
  events { results { title summary organisers { name } relatedActions { number } } }
  event(slug: $slug) { title summary }
  page(urlPath: $path) { title }
  group(slug: $group) { events { title } }
  action(number: 17) { events { title } }
  found: search(query: "防災訓練") { results { title } }
  draftOnly: search(query: "未承認") { totalCount }
}
"""

REVISED_GROUP_QUERY = """
query ($slug: String!, $path: String!, $event: String!) {
  groups { results { name summary relatedActions { number } } }
  group(slug: $slug) { name summary }
  page(urlPath: $path) { title }
  event(slug: $event) { organisers { name } }
  action(number: 17) { groups { name } }
  found: search(query: "見守り") { results { title } }
  draftOnly: search(query: "未承認") { totalCount }
}
"""

REVISED_NOTICE_QUERY = """
query ($path: String!) {
  notices { results { title } }
  page(urlPath: $path) { title }
  found: search(query: "断水") { results { title } }
  draftOnly: search(query: "未承認") { totalCount }
}
"""

REVISED_ACTION_QUERY = """
query ($path: String!, $group: String!, $event: String!) {
  actions(filters: {vision: 3}) { number title }
  action(number: 17) { title need relatedActions { number } }
  vision(number: 3) { actions { title } }
  linked: action(number: 14) { relatedActions { number title } }
  group(slug: $group) { relatedActions { title } }
  event(slug: $event) { relatedActions { title } }
  page(urlPath: $path) { title }
  found: search(query: "補助金") { results { title } }
  draftOnly: search(query: "未承認") { totalCount }
}
"""

REVISED_VISION_QUERY = """
query ($path: String!) {
  visions { number title }
  vision(number: 3) { title summary }
  action(number: 17) { vision { title } }
  page(urlPath: $path) { title }
  found: search(query: "組織力") { results { title } }
  draftOnly: search(query: "未承認") { totalCount }
}
"""


@pytest.fixture(params=NOT_PUBLIC)
def case(request):
    """Each way a page can be out of public view."""
    return request.param


def event(title, slug, **fields):
    soon = timezone.now() + dt.timedelta(days=3)
    return event_with_sessions(
        EventIndexPage.objects.get(),
        (soon, soon + dt.timedelta(hours=2)),
        title=title,
        slug=slug,
        **fields,
    )


def group(title, slug, **fields):
    return GroupPageFactory(parent=GroupIndexPage.objects.get(), title=title, slug=slug, **fields)


def notice(title, slug, **fields):
    return NoticePageFactory(parent=NoticeIndexPage.objects.get(), title=title, slug=slug, **fields)


def plan_page(model, number, live=True):
    """A vision or action of the loaded plan; live=False puts it back to before its first
    publication, since plan numbers are unique and a new draft could not be added beside it."""
    page = model.objects.get(number=number)
    if not live:
        model.objects.filter(pk=page.pk).update(
            live=False,
            has_unpublished_changes=True,
            first_published_at=None,
            last_published_at=None,
            live_revision=None,
        )
        page.refresh_from_db()
    return page


def action(number):
    return ActionPage.objects.get(number=number)


def link(page, relation, *targets):
    """Store many-to-many links at once, without saving (or publishing) the page itself."""
    manager = getattr(page, relation)
    manager.add(*targets)
    manager.commit()


def actions_of(*visions):
    return [number for vision in visions for number in ACTIONS_OF_VISION[vision]]


# Top-level lists and lookups of events, groups and notices.


def test_events_lists_only_the_public_event(client, home_page, case):
    event("公開イベント", "public-event")
    not_public(partial(event, "非公開イベント", "hidden-event"), case)

    assert graphql_data(client, EVENTS_QUERY) == {
        "events": {"totalCount": 1, "results": [{"title": "公開イベント"}]}
    }


def test_event_by_slug_is_null_for_a_non_public_event(client, home_page, case):
    event("公開イベント", "public-event")
    not_public(partial(event, "非公開イベント", "hidden-event"), case)

    data = graphql_data(
        client, EVENT_BY_SLUG_QUERY, {"public": "public-event", "hidden": "hidden-event"}
    )

    assert data == {"public": {"title": "公開イベント"}, "hidden": None}


def test_groups_lists_only_the_public_group(client, home_page, case):
    group("公開団体", "public-group")
    not_public(partial(group, "非公開団体", "hidden-group"), case)

    assert graphql_data(client, GROUPS_QUERY) == {
        "groups": {"totalCount": 1, "results": [{"name": "公開団体"}]}
    }


def test_group_by_slug_is_null_for_a_non_public_group(client, home_page, case):
    group("公開団体", "public-group")
    not_public(partial(group, "非公開団体", "hidden-group"), case)

    data = graphql_data(
        client, GROUP_BY_SLUG_QUERY, {"public": "public-group", "hidden": "hidden-group"}
    )

    assert data == {"public": {"name": "公開団体"}, "hidden": None}


def test_notices_lists_only_the_public_notice(client, home_page, case):
    notice("公開のお知らせ", "public-notice")
    not_public(partial(notice, "非公開のお知らせ", "hidden-notice"), case)

    assert graphql_data(client, NOTICES_QUERY) == {
        "notices": {"totalCount": 1, "results": [{"title": "公開のお知らせ"}]}
    }


@pytest.mark.parametrize(
    ("build", "page_type"), [(event, "event"), (group, "group"), (notice, "notice")]
)
def test_page_by_path_is_null_for_a_non_public_page(client, home_page, case, build, page_type):
    public = build("公開ページ", "public-page")
    hidden = not_public(partial(build, "非公開ページ", "hidden-page"), case)

    data = graphql_data(client, PAGE_BY_PATH_QUERY, {"public": public.url, "hidden": hidden.url})

    assert data == {"public": {"title": "公開ページ", "pageType": page_type}, "hidden": None}


def test_search_finds_only_public_pages(client, home_page, case):
    event("地域防災訓練", "public-event")
    group("防災ボランティアの会", "public-group")
    notice("防災訓練のお知らせ", "public-notice")
    not_public(partial(event, "非公開の防災イベント", "hidden-event"), case)
    not_public(partial(group, "非公開の防災団体", "hidden-group"), case)
    not_public(partial(notice, "非公開の防災のお知らせ", "hidden-notice"), case)

    data = graphql_data(client, SEARCH_QUERY, {"query": "防災"})

    # All three match in the title and the factories set no publication date: creation order.
    assert data == {
        "search": {
            "totalCount": 3,
            "results": [
                {"title": "地域防災訓練", "pageType": "event"},
                {"title": "防災ボランティアの会", "pageType": "group"},
                {"title": "防災訓練のお知らせ", "pageType": "notice"},
            ],
        }
    }


# Nested lists between events and groups.


def test_group_events_list_only_public_events(client, home_page, case):
    organiser = group("公開団体", "public-group")
    event("公開イベント", "public-event", organisers=[organiser])
    hidden = not_public(partial(event, "非公開イベント", "hidden-event"), case)
    link(hidden, "organisers", organiser)

    data = graphql_data(client, GROUP_EVENTS_QUERY, {"slug": "public-group", "path": organiser.url})

    events = [{"title": "公開イベント"}]
    assert data == {
        "group": {"events": events},
        "groups": {"results": [{"name": "公開団体", "events": events}]},
        "page": {"events": events},
    }


def test_event_organisers_list_only_public_groups(client, home_page, case):
    organiser = group("公開団体", "public-group")
    hidden = not_public(partial(group, "非公開団体", "hidden-group"), case)
    organised = event("公開イベント", "public-event", organisers=[organiser, hidden])

    data = graphql_data(
        client, EVENT_ORGANISERS_QUERY, {"slug": "public-event", "path": organised.url}
    )

    organisers = [{"name": "公開団体"}]
    assert data == {
        "event": {"organisers": organisers},
        "events": {"results": [{"title": "公開イベント", "organisers": organisers}]},
        "page": {"organisers": organisers},
    }


# The plan: visions, actions and the lists that lead to them.


def test_actions_lists_only_public_actions(client, plan, case):
    not_public(partial(plan_page, ActionPage, 22), case)

    assert graphql_data(client, ACTIONS_QUERY) == {
        "actions": [{"number": number} for number in range(1, 22)]
    }


def test_action_by_number_is_null_for_a_non_public_action(client, plan, case):
    not_public(partial(plan_page, ActionPage, 22), case)

    assert graphql_data(client, ACTION_BY_NUMBER_QUERY) == {
        "public": {"number": 21},
        "hidden": None,
    }


def test_vision_actions_list_only_public_actions(client, plan, case):
    not_public(partial(plan_page, ActionPage, 22), case)

    data = graphql_data(client, VISION_ACTIONS_QUERY)

    shown = {vision: list(numbers) for vision, numbers in ACTIONS_OF_VISION.items()}
    shown[4] = [19, 20, 21]
    assert data == {
        "visions": [
            {"number": vision, "actions": [{"number": number} for number in numbers]}
            for vision, numbers in shown.items()
        ],
        "vision": {"actions": [{"number": number} for number in shown[4]]},
    }


def test_page_by_path_is_null_for_a_non_public_action(client, plan, case):
    public = action(21)
    hidden = not_public(partial(plan_page, ActionPage, 22), case)

    data = graphql_data(client, PAGE_BY_PATH_QUERY, {"public": public.url, "hidden": hidden.url})

    assert data == {"public": {"title": public.title, "pageType": "action"}, "hidden": None}


def test_search_finds_only_public_actions(client, plan, case):
    not_public(partial(plan_page, ActionPage, 21), case)

    assert graphql_data(client, ACTION_SEARCH_QUERY) == {
        "search": {"totalCount": 2, "results": [{"number": 4}, {"number": 6}]}
    }


def test_visions_and_their_pages_show_only_public_visions(client, plan, case):
    public = VisionPage.objects.get(number=3)
    hidden = not_public(partial(plan_page, VisionPage, 4), case)

    data = graphql_data(client, VISIONS_QUERY, {"public": public.url, "hidden": hidden.url})

    assert data == {
        "visions": [{"number": 1}, {"number": 2}, {"number": 3}],
        "public": {"number": 3},
        "hidden": None,
        "publicPage": {"title": VISION_TITLES[3]},
        "hiddenPage": None,
    }


# A restricted vision hides its actions as well; that case has its own test below.
@pytest.mark.parametrize("vision_case", ["draft", "unpublished", "expired"])
def test_action_vision_is_null_when_the_vision_is_not_public(client, plan, vision_case):
    not_public(partial(plan_page, VisionPage, 4), vision_case)

    data = graphql_data(client, ACTION_VISION_QUERY, {"path": action(19).url})

    assert data == {
        "public": {"vision": {"number": 3}},
        "hidden": {"vision": None},
        "actions": [{"number": number, "vision": {"number": 3}} for number in range(15, 19)],
        "page": {"vision": None},
    }


@pytest.mark.parametrize("direction", ["linked from it", "linked to it"])
def test_related_actions_list_only_public_actions(client, plan, case, direction):
    viewer = action(17)  # the one action the plan links to no other
    hidden = not_public(partial(plan_page, ActionPage, 2), case)
    if direction == "linked from it":
        link(viewer, "related_actions", action(1), hidden)
    else:
        link(action(1), "related_actions", viewer)
        link(hidden, "related_actions", viewer)

    data = graphql_data(client, RELATED_ACTIONS_QUERY, {"path": viewer.url})

    related = {15: [16], 16: [7, 15], 17: [1], 18: [9, 11, 13]}
    vision_actions = [
        {"number": number, "relatedActions": [{"number": other} for other in linked]}
        for number, linked in related.items()
    ]
    assert data == {
        "action": {"relatedActions": [{"number": 1}]},
        "actions": vision_actions,
        "vision": {"actions": vision_actions},
        "page": {"relatedActions": [{"number": 1}]},
    }


def test_action_groups_list_only_public_groups(client, plan, case):
    group("公開団体", "public-group", related_actions=[action(17)])
    hidden = not_public(partial(group, "非公開団体", "hidden-group"), case)
    link(hidden, "related_actions", action(17))

    data = graphql_data(client, ACTION_GROUPS_QUERY, {"path": action(17).url})

    groups = [{"name": "公開団体"}]
    vision_actions = [
        {"number": number, "groups": groups if number == 17 else []} for number in range(15, 19)
    ]
    assert data == {
        "action": {"groups": groups},
        "actions": vision_actions,
        "vision": {"actions": vision_actions},
        "page": {"groups": groups},
    }


def test_action_events_list_only_public_events(client, plan, case):
    event("公開イベント", "public-event", related_actions=[action(17)])
    hidden = not_public(partial(event, "非公開イベント", "hidden-event"), case)
    link(hidden, "related_actions", action(17))

    data = graphql_data(client, ACTION_EVENTS_QUERY, {"path": action(17).url})

    events = [{"title": "公開イベント"}]
    vision_actions = [
        {"number": number, "events": events if number == 17 else []} for number in range(15, 19)
    ]
    assert data == {
        "action": {"events": events},
        "actions": vision_actions,
        "vision": {"actions": vision_actions},
        "page": {"events": events},
    }


def test_group_related_actions_list_only_public_actions(client, plan, case):
    hidden = not_public(partial(plan_page, ActionPage, 2), case)
    profile = group("公開団体", "public-group", related_actions=[action(1), hidden])

    data = graphql_data(
        client, GROUP_RELATED_ACTIONS_QUERY, {"slug": "public-group", "path": profile.url}
    )

    related = [{"number": 1}]
    assert data == {
        "group": {"relatedActions": related},
        "groups": {"results": [{"name": "公開団体", "relatedActions": related}]},
        "page": {"relatedActions": related},
    }


def test_event_related_actions_list_only_public_actions(client, plan, case):
    hidden = not_public(partial(plan_page, ActionPage, 2), case)
    carried_out = event("公開イベント", "public-event", related_actions=[action(1), hidden])

    data = graphql_data(
        client, EVENT_RELATED_ACTIONS_QUERY, {"slug": "public-event", "path": carried_out.url}
    )

    related = [{"number": 1}]
    assert data == {
        "event": {"relatedActions": related},
        "events": {"results": [{"title": "公開イベント", "relatedActions": related}]},
        "page": {"relatedActions": related},
    }


# Pages below a restricted page.


def test_a_restricted_group_directory_hides_its_groups_everywhere(client, home_page):
    hidden = group("防災ボランティアの会", "hidden-group")
    event("地域防災訓練", "public-event", organisers=[hidden])
    restrict(GroupIndexPage.objects.get())

    data = graphql_data(
        client,
        RESTRICTED_GROUP_DIRECTORY_QUERY,
        {"group": "hidden-group", "path": hidden.url, "event": "public-event"},
    )

    assert data == {
        "groups": {"totalCount": 0, "results": []},
        "group": None,
        "page": None,
        "event": {"title": "地域防災訓練", "organisers": []},
        "search": {"totalCount": 1, "results": [{"title": "地域防災訓練"}]},
    }


def test_a_restricted_event_index_hides_its_events_everywhere(client, home_page):
    organiser = group("防災ボランティアの会", "public-group")
    hidden = event("地域防災訓練", "hidden-event", organisers=[organiser])
    restrict(EventIndexPage.objects.get())

    data = graphql_data(
        client,
        RESTRICTED_EVENT_INDEX_QUERY,
        {"event": "hidden-event", "path": hidden.url, "group": "public-group"},
    )

    assert data == {
        "events": {"totalCount": 0, "results": []},
        "event": None,
        "page": None,
        "group": {"name": "防災ボランティアの会", "events": []},
        "search": {"totalCount": 1, "results": [{"title": "防災ボランティアの会"}]},
    }


def test_a_restricted_notice_index_hides_its_notices_everywhere(client, home_page):
    hidden = notice("防災訓練のお知らせ", "hidden-notice")
    event("地域防災訓練", "public-event")
    restrict(NoticeIndexPage.objects.get())

    data = graphql_data(client, RESTRICTED_NOTICE_INDEX_QUERY, {"path": hidden.url})

    assert data == {
        "notices": {"totalCount": 0, "results": []},
        "page": None,
        "search": {"totalCount": 1, "results": [{"title": "地域防災訓練"}]},
    }


def test_a_restricted_vision_hides_its_actions_everywhere(client, plan):
    group("公開団体", "public-group", related_actions=[action(1), action(20)])
    event("公開イベント", "public-event", related_actions=[action(1), action(20)])
    restrict(VisionPage.objects.get(number=4))

    data = graphql_data(
        client,
        RESTRICTED_VISION_QUERY,
        {"path": action(20).url, "group": "public-group", "event": "public-event"},
    )

    assert data == {
        "visions": [{"number": 1}, {"number": 2}, {"number": 3}],
        "vision": None,
        "actions": [{"number": number} for number in actions_of(1, 2, 3)],
        "action": None,
        "linked": {"relatedActions": [{"number": 5}]},
        "page": None,
        "group": {"relatedActions": [{"number": 1}]},
        "event": {"relatedActions": [{"number": 1}]},
        "search": {"totalCount": 2, "results": [{"number": 4}, {"number": 6}]},
    }


def test_a_restricted_plan_hides_every_vision_and_action(client, plan):
    event("公開イベント", "public-event", related_actions=[action(1)])
    restrict(PlanPage.objects.get())

    data = graphql_data(
        client,
        RESTRICTED_PLAN_QUERY,
        {"path": VisionPage.objects.get(number=1).url, "event": "public-event"},
    )

    assert data == {
        "visions": [],
        "vision": None,
        "actions": [],
        "action": None,
        "page": None,
        "event": {"title": "公開イベント", "relatedActions": []},
        "search": {"totalCount": 0},
    }


# A newer revision waiting for approval never replaces the live version.


def test_an_unpublished_event_revision_never_replaces_the_live_event(client, plan):
    organiser = group("公開団体", "public-group")
    newcomer = group("新しい主催団体", "new-group")
    revised = event(
        "地域防災訓練",
        "public-event",
        summary="公開中の概要",
        organisers=[organiser],
        related_actions=[action(17)],
    )
    revised.title = "未承認のイベント名"
    revised.summary = "未承認の概要"
    revised.organisers.add(newcomer)
    revised.related_actions.add(action(1))
    revised.save_revision()

    data = graphql_data(
        client,
        REVISED_EVENT_QUERY,
        {"slug": "public-event", "path": revised.url, "group": "public-group"},
    )

    live = {"title": "地域防災訓練"}
    assert data == {
        "events": {
            "results": [
                {
                    "title": "地域防災訓練",
                    "summary": "公開中の概要",
                    "organisers": [{"name": "公開団体"}],
                    "relatedActions": [{"number": 17}],
                }
            ]
        },
        "event": {"title": "地域防災訓練", "summary": "公開中の概要"},
        "page": live,
        "group": {"events": [live]},
        "action": {"events": [live]},
        "found": {"results": [live]},
        "draftOnly": {"totalCount": 0},
    }


def test_an_unpublished_group_revision_never_replaces_the_live_group(client, plan):
    revised = group(
        "ひまわり見守りの会",
        "public-group",
        summary="公開中の概要",
        related_actions=[action(17)],
    )
    event("公開イベント", "public-event", organisers=[revised])
    revised.title = "未承認の団体名"
    revised.summary = "未承認の概要"
    revised.related_actions.add(action(1))
    revised.save_revision()

    data = graphql_data(
        client,
        REVISED_GROUP_QUERY,
        {"slug": "public-group", "path": revised.url, "event": "public-event"},
    )

    assert data == {
        "groups": {
            "results": [
                {
                    "name": "ひまわり見守りの会",
                    "summary": "公開中の概要",
                    "relatedActions": [{"number": 17}],
                }
            ]
        },
        "group": {"name": "ひまわり見守りの会", "summary": "公開中の概要"},
        "page": {"title": "ひまわり見守りの会"},
        "event": {"organisers": [{"name": "ひまわり見守りの会"}]},
        "action": {"groups": [{"name": "ひまわり見守りの会"}]},
        "found": {"results": [{"title": "ひまわり見守りの会"}]},
        "draftOnly": {"totalCount": 0},
    }


def test_an_unpublished_notice_revision_never_replaces_the_live_notice(client, home_page):
    revised = notice("断水のお知らせ", "public-notice")
    revised.title = "未承認のお知らせ"
    revised.save_revision()

    data = graphql_data(client, REVISED_NOTICE_QUERY, {"path": revised.url})

    live = {"title": "断水のお知らせ"}
    assert data == {
        "notices": {"results": [live]},
        "page": live,
        "found": {"results": [live]},
        "draftOnly": {"totalCount": 0},
    }


def test_an_unpublished_action_revision_never_replaces_the_live_action(client, plan):
    revised = action(17)
    link(action(14), "related_actions", revised)
    group("公開団体", "public-group", related_actions=[revised])
    event("公開イベント", "public-event", related_actions=[revised])
    live_need = revised.need
    revised.title = "未承認のアクション名"
    revised.need = "未承認の必要なこと"
    revised.related_actions.add(action(1))
    revised.save_revision()

    data = graphql_data(
        client,
        REVISED_ACTION_QUERY,
        {"path": revised.url, "group": "public-group", "event": "public-event"},
    )

    live = {"title": "市民活動応援補助金の活用促進"}
    assert data == {
        "actions": [{"number": number, "title": action(number).title} for number in range(15, 19)],
        "action": {**live, "need": live_need, "relatedActions": [{"number": 14}]},
        "vision": {"actions": [{"title": action(number).title} for number in range(15, 19)]},
        "linked": {
            "relatedActions": [
                {"number": 7, "title": "多様な手法（特にデジタルツール）による各種情報発信"},
                {"number": 17, **live},
            ]
        },
        "group": {"relatedActions": [live]},
        "event": {"relatedActions": [live]},
        "page": live,
        "found": {"results": [live]},
        "draftOnly": {"totalCount": 0},
    }


def test_an_unpublished_vision_revision_never_replaces_the_live_vision(client, plan):
    revised = VisionPage.objects.get(number=3)
    live_summary = revised.summary
    revised.title = "未承認の未来像"
    revised.summary = "未承認の概要"
    revised.save_revision()

    data = graphql_data(client, REVISED_VISION_QUERY, {"path": revised.url})

    live = {"title": VISION_TITLES[3]}
    assert data == {
        "visions": [{"number": number, "title": title} for number, title in VISION_TITLES.items()],
        "vision": {**live, "summary": live_summary},
        "action": {"vision": live},
        "page": live,
        "found": {"results": [live]},
        "draftOnly": {"totalCount": 0},
    }
