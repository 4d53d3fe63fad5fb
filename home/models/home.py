from django.db.models import Exists, OuterRef, prefetch_related_objects
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from jp.time import tokyo_today

from .criteria import EventCriteria
from .events import EventPage
from .groups import GroupPage
from .notices import NoticePage
from .plan import ActionPage, VisionPage
from .preview import HeadlessPreviewMixin
from .public_urls import PublicUrlMixin
from .scheduling import SCHEDULE_SETTINGS_PANELS

HOME_LIST_LENGTH = 6


class HomePage(PublicUrlMixin, HeadlessPreviewMixin, Page):
    """The site root: the front door to the plan, groups, events and notices."""

    introduction = RichTextField("はじめに", blank=True, features=["bold", "link"])

    settings_panels = SCHEDULE_SETTINGS_PANELS
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.PlanPage",
        "home.GroupIndexPage",
        "home.EventIndexPage",
        "home.NoticeIndexPage",
    ]
    max_count = 1

    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    class Meta:
        verbose_name = "トップページ"

    def get_context(self, request, *args, **kwargs):
        today = tokyo_today()
        context = super().get_context(request, *args, **kwargs)
        todays = EventPage.objects.find(EventCriteria(date_from=today, date_to=today))
        todays_events = list(todays[:HOME_LIST_LENGTH])
        later_events = list(
            EventPage.objects.upcoming().exclude(
                # NOT EXISTS rather than NOT IN: the planner keeps reading the window index
                # in order and stops after the first rows.
                Exists(todays.filter(pk=OuterRef("pk")))
            )[:HOME_LIST_LENGTH]
        )
        # One query for the sessions of both lists rather than one per list.
        prefetch_related_objects([*todays_events, *later_events], "sessions")
        context["todays_events"] = todays_events
        context["upcoming_events"] = later_events
        context["recruiting_groups"] = GroupPage.objects.recruiting().select_related("district")[
            :HOME_LIST_LENGTH
        ]
        context["notices"] = NoticePage.objects.current()[:HOME_LIST_LENGTH]
        actions = ActionPage.objects.public().order_by("number")
        visions = list(VisionPage.objects.public().order_by("number"))
        for vision in visions:
            vision.public_actions = [
                action for action in actions if action.path.startswith(vision.path)
            ]
        context["visions"] = visions
        return context
