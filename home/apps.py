from django.apps import AppConfig
from django.db.models.signals import post_migrate


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = "かまがや協働ポータル"

    def ready(self):
        # Models and Wagtail's forms can be imported only once the registry is ready.
        from .editing.permission_names import (
            label_page_permission_rows,
            name_permissions_in_japanese,
        )

        post_migrate.connect(
            name_permissions_in_japanese,
            dispatch_uid="home.editing.permission_names.name_in_japanese",
        )
        label_page_permission_rows()

        from wagtail.signals import page_published

        from .editing.members import keep_member_permissions_in_step

        page_published.connect(
            keep_member_permissions_in_step, dispatch_uid="home.editing.members.in_step"
        )
