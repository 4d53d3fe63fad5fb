"""The admin's list of signage screens (サイネージ画面): which are alive and what they show."""

from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.snippets.views.snippets import SnippetViewSet

from jp.formatting import jp_datetime

from .models import SignageScreen

ONLINE, OFFLINE = "オンライン", "オフライン"
IN_USE, STOPPED = "有効", "停止中"


class SignageScreenViewSet(SnippetViewSet):
    model = SignageScreen
    icon = "desktop"
    menu_label = "サイネージ画面"
    menu_order = 310
    add_to_admin_menu = True
    search_fields = ["name", "location", "slug"]
    list_display = [
        "name",
        "location",
        "venue",
        # A bare "is_active" renders as the English word "True"; editors read 有効/停止中.
        StatusTagColumn(
            "is_active",
            label="運用",
            accessor=lambda screen: IN_USE if screen.is_active else STOPPED,
            primary=lambda screen: screen.is_active,
            sort_key="is_active",
        ),
        StatusTagColumn(
            "connection",
            label="接続状態",
            accessor=lambda screen: ONLINE if screen.is_online() else OFFLINE,
            primary=lambda screen: screen.is_online(),
        ),
        Column(
            "last_seen_at",
            label="最終通信",
            accessor=lambda screen: jp_datetime(screen.last_seen_at),
            sort_key="last_seen_at",
        ),
        "content_version",
    ]
