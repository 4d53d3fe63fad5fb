"""Production settings for the app servers that tests start as separate processes.

Exactly production (cms/settings/production.py, configured from the environment the test
passes), except what a plain-HTTP loopback test needs: static files found in the source folders
rather than collected, and cookies that may travel without TLS so the test can log in.
"""

from cms.settings.production import *  # noqa: F403
from cms.settings.production import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
