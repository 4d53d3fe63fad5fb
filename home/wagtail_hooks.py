"""Admin set-up: snippet menus for the editable lists and the editors' dashboard panels."""

from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import ActivityField, Audience, District, EventPage, Venue
from .queries import events_in_window

UPCOMING_EVENTS_ON_DASHBOARD = 10


class VenueViewSet(SnippetViewSet):
    model = Venue
    icon = "site"
    menu_label = "会場"
    list_display = ["name", "address", "is_sample"]
    search_fields = ["name", "name_kana", "address"]


class ActivityFieldViewSet(SnippetViewSet):
    model = ActivityField
    icon = "tag"
    menu_label = "活動分野"
    list_display = ["number", "name"]


class AudienceViewSet(SnippetViewSet):
    model = Audience
    icon = "group"
    menu_label = "対象者"
    list_display = ["name", "slug", "sort_order"]


class DistrictViewSet(SnippetViewSet):
    model = District
    icon = "globe"
    menu_label = "地区"
    list_display = ["name", "name_kana", "sort_order"]


class ClassificationViewSetGroup(SnippetViewSetGroup):
    """Venues and the lists editors pick from, under one menu entry."""

    items = (VenueViewSet, ActivityFieldViewSet, AudienceViewSet, DistrictViewSet)
    menu_icon = "list-ul"
    menu_label = "会場・分類"
    menu_name = "classifications"


register_snippet(ClassificationViewSetGroup)


class UpcomingEventsPanel(Component):
    """What is coming up, including drafts, so editors see gaps and unpublished events."""

    name = "upcoming_events"
    order = 50
    template_name = "home/admin/upcoming_events_panel.html"

    def get_context_data(self, parent_context):
        events = events_in_window(EventPage.objects.all())[:UPCOMING_EVENTS_ON_DASHBOARD]
        return {"events": events}


@hooks.register("construct_homepage_panels")
def add_upcoming_events_panel(request, panels):
    panels.append(UpcomingEventsPanel())
