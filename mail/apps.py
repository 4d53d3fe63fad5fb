from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "mail"
    verbose_name = "E-mail"

    def ready(self):
        from . import notifications

        notifications.connect()
