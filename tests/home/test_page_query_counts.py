"""Every public page type costs a fixed number of SQL queries, however long its lists are."""

import datetime as dt

import pytest

from home.models import (
    ActionPage,
    ActivityField,
    Audience,
    District,
    EventIndexPage,
    GroupIndexPage,
    NoticeIndexPage,
    PlanPage,
    VisionPage,
)
from jp.time import TOKYO, start_of_tokyo_day, tokyo_today
from tests.factories import (
    ActionProgressRecordFactory,
    GroupPageFactory,
    GroupPhotoFactory,
    ImageFactory,
    NoticePageFactory,
    VenueFactory,
    event_with_sessions,
)

pytestmark = pytest.mark.sqlite

# What each count consists of. A Wagtail page costs 6 before its own content: Wagtail finds the
# Site and the home page (2) and checks view restrictions (2: the page's ancestors, then their
# restrictions), the emergency banner asks for current 緊急 notices (1, whether or not there are
# any) and the footer reads ContactSettings (1). Routing adds 2 per level below the home
# page (the child by slug, then its specific row). Then each list is one query however long it is
# (an empty list skips its prefetch); an image is one row, its renditions come from Wagtail's cache.

# 6 + routing 2 + the public visions.
PLAN_PAGE_QUERIES = 9
# 6 + routing 4 + the public actions.
VISION_PAGE_QUERIES = 11
# 6 + routing 6 + related actions (both directions, one query), upcoming events, their sessions,
# public groups with their districts, progress records.
ACTION_PAGE_QUERIES = 17
# 6 + routing 4 + logo, district, activity fields, photos with their images, upcoming events,
# their sessions, related actions.
GROUP_PAGE_QUERIES = 17
# 6 + routing 4 + image, venue, sessions, audiences, public organisers, related actions (the
# JSON-LD reuses the sessions and organisers the page lists).
EVENT_PAGE_QUERIES = 16
# 6 + routing 2 + the current notices.
NOTICE_INDEX_QUERIES = 9
# 6 + routing 4 + the pages its rich text links to, then their specific rows (Wagtail's link
# expansion; each further page type linked adds one).
NOTICE_PAGE_QUERIES = 12
# 6 + routing 2 + the count, filter choices (audiences, venues), the events, their sessions.
EVENT_LIST_QUERIES = 13
# 6 + routing 2 + the count, filter choices (activity fields, districts), groups with districts.
GROUP_LIST_QUERIES = 12
# 6 + visions, actions, notices, today's events, later events, the sessions of both, recruiting
# groups with their districts.
HOME_PAGE_QUERIES = 13
# Not a Wagtail page: one search per searchable page type (5), the result pages (their types come
# from Django's cached content types, so mixing types costs nothing), the Site for their URLs,
# the emergency banner's notices, ContactSettings.
SEARCH_QUERIES = 9


@pytest.fixture
def queries_to_serve(client, django_assert_num_queries):
    """Assert how many SQL statements a request for `url` costs on a running site.

    The first request creates what a running site has long had (the ContactSettings row, image
    renditions), so the second one is counted.
    """

    def check(url, expected):
        assert client.get(url).status_code == 200
        with django_assert_num_queries(expected):
            assert client.get(url).status_code == 200

    return check


def upcoming_event(day=0, **fields):
    """A published event with one session, `day` days after tomorrow."""
    start = dt.datetime.now(TOKYO) + dt.timedelta(days=1 + day)
    return event_with_sessions(
        EventIndexPage.objects.get(), (start, start + dt.timedelta(hours=2)), **fields
    )


def in_directory(**fields):
    """A published group; it has a district, which group cards show next to its type."""
    fields.setdefault("district", District.objects.get_or_create(name="テスト地区")[0])
    return GroupPageFactory(parent=GroupIndexPage.objects.get(), **fields)


@pytest.mark.parametrize("visions", [1, 4])
def test_plan_page_costs_the_same_for_1_and_4_visions(plan, queries_to_serve, visions):
    for vision in VisionPage.objects.filter(number__gt=visions):
        vision.delete()
    queries_to_serve(PlanPage.objects.get().url, PLAN_PAGE_QUERIES)


@pytest.mark.parametrize("vision_number", [3, 2], ids=["4-actions", "8-actions"])
def test_vision_page_costs_the_same_for_4_and_8_actions(plan, queries_to_serve, vision_number):
    queries_to_serve(VisionPage.objects.get(number=vision_number).url, VISION_PAGE_QUERIES)


@pytest.mark.parametrize("count", [1, 4])
def test_action_page_costs_the_same_for_1_and_4_of_everything_it_lists(
    plan, queries_to_serve, count
):
    action = ActionPage.objects.get(number=17)  # the plan relates it to nothing
    others = list(ActionPage.objects.exclude(pk=action.pk).order_by("number"))
    action.related_actions.set(others[:count])
    action.save()
    for other in others[-count:]:
        other.related_actions.add(action)
        other.save()
    for n in range(count):
        for page in (upcoming_event(day=n), in_directory()):
            page.related_actions.set([action])
            page.save()
        ActionProgressRecordFactory(action=action, fiscal_year=2021 + n)
    queries_to_serve(action.url, ACTION_PAGE_QUERIES)


@pytest.mark.parametrize("count", [1, 4])
def test_group_page_costs_the_same_for_1_and_4_photos_events_fields_and_actions(
    plan, queries_to_serve, count
):
    group = in_directory(
        logo=ImageFactory(),
        sns_links=[("sns", {"service": "x", "url": "https://x.com/kamagaya"})],
    )
    group.activity_fields.set(ActivityField.objects.all()[:count])
    group.related_actions.set(ActionPage.objects.all()[:count])
    group.save()
    for n in range(count):
        GroupPhotoFactory(group=group)
        event = upcoming_event(day=n)
        event.organisers.set([group])
        event.save()
    queries_to_serve(group.url, GROUP_PAGE_QUERIES)


@pytest.mark.parametrize("count", [1, 5])
def test_event_page_costs_the_same_for_1_and_5_sessions_organisers_and_actions(
    plan, queries_to_serve, count
):
    start = dt.datetime(2030, 5, 1, 10, tzinfo=TOKYO)
    event = event_with_sessions(
        EventIndexPage.objects.get(),
        *[
            (start + dt.timedelta(days=7 * n), start + dt.timedelta(days=7 * n, hours=2))
            for n in range(count)
        ],
        image=ImageFactory(),
    )
    event.organisers.set([in_directory() for _ in range(count)])
    event.audiences.set(Audience.objects.all()[:count])
    event.related_actions.set(ActionPage.objects.all()[:count])
    event.save_revision().publish()
    queries_to_serve(event.url, EVENT_PAGE_QUERIES)


@pytest.mark.parametrize("count", [2, 12])
def test_notice_index_costs_the_same_for_2_and_12_notices(home_page, queries_to_serve, count):
    index = NoticeIndexPage.objects.get()
    for _ in range(count):
        NoticePageFactory(parent=index)
    queries_to_serve(index.url, NOTICE_INDEX_QUERIES)


@pytest.mark.parametrize("count", [1, 5])
def test_notice_page_costs_the_same_for_1_and_5_links_to_pages(plan, queries_to_serve, count):
    links = "".join(
        f'<a linktype="page" id="{action.pk}">{action.title}</a>'
        for action in ActionPage.objects.all()[:count]
    )
    notice = NoticePageFactory(parent=NoticeIndexPage.objects.get(), body=f"<p>{links}</p>")
    queries_to_serve(notice.url, NOTICE_PAGE_QUERIES)


@pytest.mark.parametrize(
    ("events", "groups", "notices"), [(1, 0, 0), (6, 6, 6)], ids=["1-event", "18-of-3-types"]
)
def test_search_costs_the_same_whatever_the_number_and_types_of_matches(
    plan, queries_to_serve, events, groups, notices
):
    for n in range(events):
        upcoming_event(day=n, title=f"防災テスト講座{n}")
    for n in range(groups):
        in_directory(title=f"防災テストの会{n}")
    for n in range(notices):
        NoticePageFactory(parent=NoticeIndexPage.objects.get(), title=f"防災テストのお知らせ{n}")
    queries_to_serve("/search/?q=防災テスト", SEARCH_QUERIES)


@pytest.mark.parametrize("count", [3, 20])
def test_event_list_costs_the_same_for_3_and_20_events(plan, queries_to_serve, count):
    index = EventIndexPage.objects.get()
    for day in range(count):
        start = dt.datetime(2030, 1, 1, 10, tzinfo=TOKYO) + dt.timedelta(days=day)
        event_with_sessions(index, (start, start + dt.timedelta(hours=1)), venue=VenueFactory())
    queries_to_serve(index.url, EVENT_LIST_QUERIES)


@pytest.mark.parametrize("count", [3, 20])
def test_group_directory_costs_the_same_for_3_and_20_groups(plan, queries_to_serve, count):
    for _ in range(count):
        in_directory()
    queries_to_serve(GroupIndexPage.objects.get().url, GROUP_LIST_QUERIES)


@pytest.mark.parametrize("count", [2, 12])
def test_home_page_costs_the_same_for_2_and_12_of_each_list(plan, queries_to_serve, count):
    today = start_of_tokyo_day(tokyo_today())
    for day in range(count):
        event_with_sessions(
            EventIndexPage.objects.get(), (today, today + dt.timedelta(hours=23, minutes=59))
        )
        upcoming_event(day=day)
        in_directory(recruiting=True)
        NoticePageFactory(parent=NoticeIndexPage.objects.get(), priority="important")
    queries_to_serve("/", HOME_PAGE_QUERIES)
