"""tests/server_settings.py, with static files served as in production: collected by
`collectstatic` into TEST_STATIC_ROOT (hashed names, a manifest), not found in the source folders.
The reverse proxy test serves that folder with nginx, as deploy/nginx/kamagaya.conf does.
"""

import os

from cms.settings.production import STORAGES as PRODUCTION_STORAGES
from tests.server_settings import *  # noqa: F403

STORAGES = PRODUCTION_STORAGES
STATIC_ROOT = os.environ["TEST_STATIC_ROOT"]
WHITENOISE_USE_FINDERS = False
