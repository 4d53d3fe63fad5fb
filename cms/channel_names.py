"""Names the channels share, in one module below them all.

A request header, a URL parameter or an interval that two channels must agree on is defined here
once, and every channel imports it from here rather than from another channel (ARCHITECTURE.md).
It imports nothing from the project: gunicorn's master loads security/access_log.py, which reads
the key's names from here, before Django is set up.
"""

import ipaddress
import re

from django.conf import settings
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

    gunicorn sets REMOTE_ADDR to the address the connection came from and never takes it from a
    header: X-Forwarded-For reaches the app as it was sent, and gunicorn's forwarded_allow_ips only
    decides who may set X-Forwarded-Proto. Behind nginx every connection comes from nginx, so a
    request from one of TRUSTED_PROXY_NETWORKS (production: FORWARDED_ALLOW_IPS) is counted
    against the last address of its X-Forwarded-For, which nginx sets to the client it accepted,
    replacing whatever the client sent (deploy/nginx/kamagaya.conf). From any other address the
    header is ignored, since anyone can send one (docs/operations.md, "Client addresses").
    """
    peer = request.META.get("REMOTE_ADDR", "")
    if not is_trusted_proxy(peer):
        return peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1].strip()
    try:
        return str(ipaddress.ip_address(forwarded))
    except ValueError:
        # No address: the proxy's host asked itself (a health check), or the proxy does not set it.
        return peer


def is_trusted_proxy(address):
    """Whether `address` is a reverse proxy allowed to name the client. Only production settings
    name any; development and tests have no proxy in front."""
    networks = settings.TRUSTED_PROXY_NETWORKS
    try:
        peer = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(peer in network for network in networks)
