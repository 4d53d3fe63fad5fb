"""The admin's list of partners (連携先)."""

from wagtail.snippets.views.snippets import SnippetViewSet

from ..models import Partner


class PartnerViewSet(SnippetViewSet):
    model = Partner
    icon = "link"
    menu_label = "連携先（APIキー）"
    menu_order = 300
    add_to_admin_menu = True
    list_display = [
        "name",
        "kind",
        "is_active",
        "rate_limit_per_minute",
        "last_used_at",
        "request_count",
    ]
    search_fields = ["name", "contact_name"]
