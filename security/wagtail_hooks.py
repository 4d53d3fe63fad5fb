"""Two-factor sign-in in Wagtail's admin: its pages, the account menu's 「二段階認証」, a reset in
the user listing for those who edit users, and its entries in the site history."""

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.widgets.button import Button

from .twofactor import views
from .twofactor.devices import ENABLED_ACTION, REMOVED_ACTION, RESET_ACTION


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return views.urls()


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse(views.STATUS_URL_NAME),
        "label": views.TITLE,
        "help_text": "パスワードに加えて、スマートフォンの認証アプリのコードでログインします。",
    }


@hooks.register("register_user_listing_buttons")
def two_factor_reset_button(user, request_user):
    if user != request_user and views.may_reset(request_user, user):
        yield Button(
            "二段階認証をリセット",
            reverse(views.RESET_URL_NAME, args=[user.pk]),
            icon_name="lock",
            priority=90,
        )


@hooks.register("register_log_actions")
def register_two_factor_log_actions(actions):
    actions.register_action(ENABLED_ACTION, "二段階認証を設定", "二段階認証を設定しました")
    actions.register_action(REMOVED_ACTION, "二段階認証を解除", "二段階認証を解除しました")
    actions.register_action(RESET_ACTION, "二段階認証をリセット", "二段階認証をリセットしました")
