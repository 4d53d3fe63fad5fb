"""Preview modes that show a page as another channel shows it: a signage screen, the school widget.

Channels sit above `home` (ARCHITECTURE.md), so a page model cannot import their renderers.
Each channel registers its preview here instead (signage when its app is ready; the school
widget, a static script with no app of its own, in home/models/channel_preview.py), and the page
models' ChannelPreviewMixin offers whatever is registered for their type.
"""

from collections.abc import Callable
from dataclasses import dataclass

from jp.time import TOKYO


@dataclass(frozen=True)
class PreviewChannel:
    mode: str
    label: str
    # "app_label.ModelName" of the page types this channel shows.
    page_types: frozenset[str]
    # (request, page) -> HttpResponse, with the page as the editor's unsaved form left it.
    render: Callable
    # Where the mode sits in the admin's list: channels register in app order, not reading order.
    position: int


_channels = {}


def register_preview_channel(channel):
    _channels[channel.mode] = channel


def preview_channels_for(page):
    label = page._meta.label
    shown = (channel for channel in _channels.values() if label in channel.page_types)
    return sorted(shown, key=lambda channel: channel.position)


def tokyo_iso(moment):
    """A datetime as the API serializes it: Tokyo time with its offset."""
    return moment.astimezone(TOKYO).isoformat() if moment else None


def dated_sessions(event):
    """The event's sessions in date order, as the editor's unsaved form holds them.

    A preview validates with required fields deferred, so a session may still lack its times.
    """
    sessions = (s for s in event.sessions.all() if s.starts_at and s.ends_at)
    return sorted(sessions, key=lambda session: session.starts_at)
