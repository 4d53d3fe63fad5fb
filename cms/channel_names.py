"""Names the channels share, in one module below them all.

A request header, a URL parameter or an interval that two channels must agree on is defined here
once, and every channel imports it from here rather than from another channel (ARCHITECTURE.md).
It imports nothing from the project: gunicorn's master loads security/access_log.py, which reads
the key's names from here, before Django is set up.
"""

import re

from django.db import models

# The API and the feeds: behind the partner gate (partners/middleware.py), answered as JSON when
# the database is out (reliability/responses.py), and cached without the key (caching/).
ACCESS_CONTROLLED_PATH = re.compile(r"^/(?:graphql/|feeds/|events/[^/]+/calendar\.ics$)")
KEY_HEADER = "X-Api-Key"
# Calendar apps subscribe to a URL and cannot set headers, so GET also takes ?key=.
KEY_PARAMETER = "key"

# Sent by the signage kiosk page (static/signage/signage.js, told by its configuration) with its
# screen's slug: the civic centre's screens share one public address, so the partner gate counts
# each registered screen on its own, and the response cache keys screens apart.
SCREEN_HEADER = "X-Signage-Screen"
# How often a signage screen asks for its content; editors are told it after publishing.
SIGNAGE_POLL_SECONDS = 60


class ScreenOrientation(models.TextChoices):
    """How a signage screen is mounted: the screen model's choices and the API's enum."""

    LANDSCAPE = "landscape", "横長（1920×1080）"
    PORTRAIT = "portrait", "縦長（1080×1920）"


def remote_address(request):
    """The address a request is counted against, for the API's limits and the admin's sign-in.

    REMOTE_ADDR, never X-Forwarded-For: anyone can send that header. Behind the city's reverse
    proxy, gunicorn sets REMOTE_ADDR from the PROXY protocol (docs/operations.md).
    """
    return request.META.get("REMOTE_ADDR", "")
