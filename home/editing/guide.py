"""The editors' guide inside the admin (ヘルプ → 使い方ガイド), in place of Wagtail's English help.

Wagtail's Help menu links to its own English guide and release notes, which a city clerk cannot use;
the guide here is written for the portal's two roles, with screenshots that the browser test
tests/browser/test_editor_tasks.py takes from the real admin on every run.
"""

from django.urls import path, reverse
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem, SubmenuMenuItem, help_menu
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

GUIDE_URL_NAME = "admin_guide"
GUIDE_MENU_NAME = "admin-guide"
HELP_MENU_NAME = "help"
HELP_MENU_ORDER = 11000  # where Wagtail puts its Help menu: last in the sidebar


class GuideView(WagtailAdminTemplateMixin, TemplateView):
    """One page with every task; the admin's own access check (access_admin) guards it."""

    page_title = "使い方ガイド"
    header_icon = "help"
    # No breadcrumbs: the page then gets the plain header with its title, as the dashboard has.
    breadcrumbs_items = []
    template_name = "home/admin/guide.html"


@hooks.register("register_admin_urls")
def register_guide_url():
    return [path("guide/", GuideView.as_view(), name=GUIDE_URL_NAME)]


@hooks.register("register_help_menu_item")
def register_guide_menu_item():
    return MenuItem("使い方ガイド", reverse(GUIDE_URL_NAME), name=GUIDE_MENU_NAME, icon_name="help")


@hooks.register("construct_help_menu")
def keep_only_the_guide(request, menu_items):
    # Wagtail's own items lead to English pages (its editor guide, "What's new", shortcuts).
    menu_items[:] = [item for item in menu_items if item.name == GUIDE_MENU_NAME]


@hooks.register("construct_main_menu")
def name_the_help_menu_in_japanese(request, menu_items):
    # Wagtail 8's Japanese catalogue leaves "Help" untranslated; its item is also dismissible
    # (a dot until first opened), which says nothing to editors about the guide.
    for index, item in enumerate(menu_items):
        if item.name == HELP_MENU_NAME:
            menu_items[index] = SubmenuMenuItem(
                "ヘルプ", help_menu, name=HELP_MENU_NAME, icon_name="help", order=HELP_MENU_ORDER
            )
