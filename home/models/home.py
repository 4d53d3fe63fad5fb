from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from .preview import HeadlessPreviewMixin


class HomePage(HeadlessPreviewMixin, Page):
    """The site root: the front door to the plan, groups, events and notices."""

    introduction = RichTextField("はじめに", blank=True, features=["bold", "link"])

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
        from ..queries import current_notices, public, recruiting_groups, upcoming_events
        from .plan import VisionPage

        context = super().get_context(request, *args, **kwargs)
        context["upcoming_events"] = upcoming_events().prefetch_related("sessions")[:6]
        context["recruiting_groups"] = recruiting_groups()[:6]
        context["notices"] = current_notices()[:5]
        context["visions"] = public(VisionPage.objects.all()).order_by("number")
        return context
