from django.apps import AppConfig


class ReliabilityConfig(AppConfig):
    name = "reliability"
    verbose_name = "Health checks and outages"

    def ready(self):
        from . import log_filters

        log_filters.install()
