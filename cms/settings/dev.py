"""Development: DEBUG on, a fixed insecure key, SQLite unless DATABASE_URL says otherwise."""

from .base import *  # noqa: F403
from .base import STORAGES

DEBUG = True
SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
# Mail is printed where `make run` shows it, readably, with the Reply-To production would add.
EMAIL_BACKEND = "mail.backends.ConsoleEmailBackend"

# runserver serves static files itself; no manifest means no collectstatic step in development.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Development serves static files straight from the source folders; nothing is collected.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

SIGNAGE_TIMING_OVERRIDES = True
SERVE_MEDIA = True
