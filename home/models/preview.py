from django.template.response import TemplateResponse
from django.urls import reverse

from cms.public_address import absolute_url

from ..preview.tokens import MAX_AGE_SECONDS, make_preview_token

HEADLESS_MODE = "headless"
HEADLESS_LABEL = "外部サイトの開発者向け（APIトークン）"


class HeadlessPreviewMixin:
    """Adds a preview mode that hands the editor a token for the API's `pagePreview` field.

    External sites render content themselves; with the token their developers can show an
    editor's unpublished changes before approval.
    """

    @property
    def preview_modes(self):
        return [*super().preview_modes, (HEADLESS_MODE, HEADLESS_LABEL)]

    def serve_preview(self, request, mode_name):
        if mode_name != HEADLESS_MODE:
            return super().serve_preview(request, mode_name)
        response = TemplateResponse(
            request,
            "home/preview/headless.html",
            {
                "page": self,
                "token": make_preview_token(self),
                "valid_minutes": MAX_AGE_SECONDS // 60,
                # The portal's public address: the preview request itself is a stand-in made
                # by Wagtail, whose host may be the site's configured one.
                "graphql_url": absolute_url(reverse("graphql")),
            },
        )
        response["Cache-Control"] = "private, no-store"
        return response
