from django.apps import AppConfig


class SignageConfig(AppConfig):
    name = "signage"
    verbose_name = "サイネージ"

    def ready(self):
        from .preview import register_previews

        register_previews()
