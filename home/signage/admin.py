"""The admin's list of signage screens (サイネージ画面)."""

from wagtail.snippets.views.snippets import SnippetViewSet

from ..models import SignageScreen


class SignageScreenViewSet(SnippetViewSet):
    model = SignageScreen
    icon = "desktop"
    menu_label = "サイネージ画面"
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["name", "location", "venue", "is_active", "last_seen_at", "content_version"]
