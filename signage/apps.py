from django.apps import AppConfig


class SignageConfig(AppConfig):
    name = "signage"
    verbose_name = "サイネージ"

    def ready(self):
        from graphql_api.signage.screens import register_screen_lookup

        from .models import SignageScreen
        from .preview import register_previews

        register_screen_lookup(SignageScreen.objects.find_active)
        register_previews()
