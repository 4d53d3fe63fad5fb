"""Production settings for the app servers that tests start as separate processes.

Exactly production (cms/settings/production.py, configured from the environment the test
passes), except what a plain-HTTP loopback test needs: static files found in the source folders
rather than collected, and cookies that may travel without TLS so the test can log in.
"""

import datetime as dt
import os

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

# A suite run at a set instant (pytest --clock-at) starts its servers' clocks there too, so the
# server and the test agree on what "today" and "upcoming" mean.
if os.environ.get("TEST_CLOCK_AT"):
    import time_machine

    time_machine.travel(dt.datetime.fromisoformat(os.environ["TEST_CLOCK_AT"]), tick=True).start()
