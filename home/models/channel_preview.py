"""Preview modes for the channels besides the website: signage, the school widget."""

from ..preview.channels import (
    PreviewChannel,
    preview_channels_for,
    register_preview_channel,
)
from ..preview.widget import widget_preview

PRIVATE = "private, no-store"
# Wagtail calls the page's own rendering "Default"; beside the channels it is the website.
WEBSITE_LABEL = "ウェブサイト"

register_preview_channel(
    PreviewChannel(
        mode="school-widget",
        label="学校向けウィジェット",
        page_types=frozenset({"home.EventPage"}),
        render=widget_preview,
        position=3,
    )
)


class ChannelPreviewMixin:
    """Adds a preview mode per channel registered for the page type (home/preview/channels.py),
    after the website's own, so an editor sees the unsaved page as each channel will show it."""

    @property
    def preview_modes(self):
        modes = [(mode, label if mode else WEBSITE_LABEL) for mode, label in super().preview_modes]
        channels = [(channel.mode, channel.label) for channel in preview_channels_for(self)]
        return [*modes, *channels]

    def serve_preview(self, request, mode_name):
        channel = next((c for c in preview_channels_for(self) if c.mode == mode_name), None)
        if channel is None:
            response = super().serve_preview(request, mode_name)
        else:
            response = channel.render(request, self)
        # Unpublished content: never kept by the browser or by anything in between.
        response["Cache-Control"] = PRIVATE
        return response
