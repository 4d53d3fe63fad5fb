from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
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
