"""Editors cannot put a page in the wrong place: each page type has fixed parents and children."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from home.models import (
    ActionPage,
    EventIndexPage,
    EventPage,
    GroupIndexPage,
    GroupPage,
    HomePage,
    NoticeIndexPage,
    NoticePage,
    PlanPage,
    VisionPage,
)

SUBPAGES = {
    HomePage: {PlanPage, GroupIndexPage, EventIndexPage, NoticeIndexPage},
    PlanPage: {VisionPage},
    VisionPage: {ActionPage},
    ActionPage: set(),
    GroupIndexPage: {GroupPage},
    GroupPage: set(),
    EventIndexPage: {EventPage},
    EventPage: set(),
    NoticeIndexPage: {NoticePage},
    NoticePage: set(),
}
PARENTS = {
    HomePage: {Page},
    PlanPage: {HomePage},
    VisionPage: {PlanPage},
    ActionPage: {VisionPage},
    GroupIndexPage: {HomePage},
    GroupPage: {GroupIndexPage},
    EventIndexPage: {HomePage},
    EventPage: {EventIndexPage},
    NoticeIndexPage: {HomePage},
    NoticePage: {NoticeIndexPage},
}
SINGLETONS = [HomePage, PlanPage, GroupIndexPage, EventIndexPage, NoticeIndexPage]


class TreeRulesTests(WagtailPageTestCase):
    def test_allowed_subpage_types(self):
        for parent, children in SUBPAGES.items():
            with self.subTest(parent=parent.__name__):
                self.assertAllowedSubpageTypes(parent, children)

    def test_allowed_parent_page_types(self):
        for child, parents in PARENTS.items():
            with self.subTest(child=child.__name__):
                self.assertAllowedParentPageTypes(child, parents)

    def test_an_event_cannot_be_created_under_the_group_directory(self):
        self.assertCanNotCreateAt(GroupIndexPage, EventPage)

    def test_an_action_cannot_be_created_directly_under_the_plan(self):
        self.assertCanNotCreateAt(PlanPage, ActionPage)


def test_sections_cannot_be_added_twice(plan):
    root = Page.get_first_root_node()
    assert [
        model.__name__
        for model in SINGLETONS
        if model.can_create_at(root if model is HomePage else plan)
    ] == []


def test_groups_can_still_be_added_to_the_existing_directory(home_page):
    assert GroupPage.can_create_at(GroupIndexPage.objects.get())
