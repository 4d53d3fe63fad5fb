"""Where the API finds a signage screen's configuration, without importing the signage app.

The signage app consumes this API: its kiosk page renders the first content through the schema
and then polls the API's persisted query. So the dependency points from signage to the API only,
and the signage app hands over its lookup when Django starts (signage/apps.py), as it hands its
previews to the admin (home/preview/channels.py).
"""

import datetime as dt
from collections.abc import Callable
from typing import Protocol

from django.core.exceptions import ImproperlyConfigured

from home.models import Venue


class Screen(Protocol):
    """What the API reads of a screen (signage.models.SignageScreen)."""

    slug: str
    name: str
    location: str
    orientation: str  # a value of cms.channel_names.ScreenOrientation
    seconds_per_slide: int
    opens_at: dt.time
    closes_at: dt.time
    venue: Venue | None
    venue_id: int | None

    def is_open_at(self, local_time: dt.time) -> bool: ...


_find_active_screen: Callable[[str], Screen | None] | None = None


def register_screen_lookup(find_active_screen):
    """`find_active_screen(slug)`: the active screen with that slug, its venue loaded, or None."""
    global _find_active_screen
    _find_active_screen = find_active_screen


def find_active_screen(slug):
    if _find_active_screen is None:
        raise ImproperlyConfigured("No signage screens: the signage app is not installed.")
    return _find_active_screen(slug)
