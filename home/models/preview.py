from django.template.response import TemplateResponse

from ..preview_tokens import MAX_AGE_SECONDS, make_preview_token

HEADLESS_MODE = "headless"


class HeadlessPreviewMixin:
    """Adds a preview mode that hands the editor a token for the API's `pagePreview` field.

    Signage screens and school portals render content themselves; with the token their
    developers can show an editor's unpublished changes before approval.
    """

    @property
    def preview_modes(self):
        return [*super().preview_modes, (HEADLESS_MODE, "API（外部サイト・サイネージ）用")]

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
                "graphql_url": request.build_absolute_uri("/graphql/"),
            },
        )
        response["Cache-Control"] = "private, no-store"
        return response
