"""Admin set-up: snippet menus for the editable lists, the editors' dashboard panels, and the
guards on saving over another editor's revision and on deleting many pages."""

from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.views.pages.bulk_actions.delete import DeleteBulkAction
from wagtail.models import AbstractPage
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .editing import (
    guide,  # noqa: F401  (registers the guide's URL and Help menu hooks)
    member_views,  # noqa: F401  (registers the members page and its header button)
    preview_panel,  # noqa: F401  (registers the preview panel's script)
)
from .editing.member_dashboard import MemberDashboardPanel
from .editing.members import is_group_member_only, pages_member_may_edit
from .editing.page_deletion import refuse_untyped_deletion
from .editing.page_policy import portal_page_permission_policy
from .editing.page_views import PortalPageViewSet
from .models import ActivityField, Audience, District, EventPage, Venue

# Before anything asks the registry for the page policy (Wagtail's advice for custom policies).
register_permission_policy(AbstractPage, portal_page_permission_policy())

UPCOMING_EVENTS_ON_DASHBOARD = 10


class VenueViewSet(SnippetViewSet):
    model = Venue
    icon = "site"
    menu_label = "会場"
    # A BooleanColumn shows a mark (titled in Japanese); a plain column prints Python's "True".
    list_display = [
        "name",
        "address",
        BooleanColumn("is_sample", label=Venue._meta.get_field("is_sample").verbose_name),
    ]
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
        events = EventPage.objects.in_window()[:UPCOMING_EVENTS_ON_DASHBOARD]
        return {"events": events}


@hooks.register("construct_homepage_panels")
def add_upcoming_events_panel(request, panels):
    # A group member gets their own panel; the city's list holds every group's drafts.
    if is_group_member_only(request.user):
        panels.append(MemberDashboardPanel(request.user))
    else:
        panels.append(UpcomingEventsPanel())


@hooks.register("register_admin_viewset")
def register_page_views_that_refuse_overwriting():
    # Registered for the base Page model after Wagtail's own (order -1), so it replaces that
    # default for every page type.
    return PortalPageViewSet()


@hooks.register("before_delete_page")
def require_typed_confirmation_to_delete_a_page(request, page):
    return refuse_untyped_deletion(request, page.get_descendant_count() + 1)


@hooks.register("before_bulk_action")
def require_typed_confirmation_to_delete_pages(request, action_type, objects, action):
    if isinstance(action, DeleteBulkAction):
        total = sum(page.get_descendant_count() + 1 for page in objects)
        return refuse_untyped_deletion(request, total)
    return None


@hooks.register("before_serve_page")
def hide_expired_pages(page, request, serve_args, serve_kwargs):
    # Wagtail serves a live page until publish_scheduled next runs and unpublishes it;
    # home/queries.py counts it as not public from the moment it expires, and so does its URL.
    if page.expire_at and page.expire_at <= timezone.now():
        raise Http404


@hooks.register("construct_page_chooser_queryset")
def let_group_members_link_published_pages_only(pages, request):
    # A link may point at any published page, but not at another group's unpublished draft
    # (a live page with unpublished changes shows its draft title in the chooser).
    if is_group_member_only(request.user):
        published = Q(live=True, has_unpublished_changes=False)
        return pages.filter(published | Q(pk__in=pages_member_may_edit(request.user)))
    return pages


@hooks.register("register_log_actions")
def register_member_log_actions(actions):
    # Who invited, joined or removed whom: in the site history that 承認者 read.
    actions.register_action("home.member_invited", "メンバーを招待", "メンバーを招待しました")
    actions.register_action("home.member_joined", "メンバーが参加", "メンバーが参加しました")
    actions.register_action("home.member_removed", "メンバーを削除", "メンバーを削除しました")
