"""The Content-Security-Policy of each part of the site.

Public responses (website, feeds, signage, API, errors, static files) may run only the site's
own script and style files: nothing inline, so markup that slipped into content can neither
run script nor restyle a page. The Wagtail admin needs inline scripts (date pickers, inline
panels) and styles, and frames its own preview, so it gets a looser policy of its own.
GraphiQL (development only) loads React and GraphiQL from unpkg.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.storage import default_storage

SELF = "'self'"
NONE = "'none'"
UNSAFE_INLINE = "'unsafe-inline'"
GRAPHIQL_CDN = "https://unpkg.com"
# The dashboard asks here whether a newer Wagtail exists (WAGTAIL_ENABLE_UPDATE_CHECK).
WAGTAIL_RELEASES = "https://releases.wagtail.org"


def media_origin():
    """Where uploaded images are served from when that is not this site (S3, a CDN), or None.

    Taken from the storage's own URL for a file, so it is exactly what <img src> will hold,
    whichever of bucket, endpoint or custom domain the environment configured.
    """
    parts = urlsplit(default_storage.url("content-security-policy"))
    if parts.scheme and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return None


def serialize(directives):
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


@dataclass(frozen=True)
class Policies:
    public: str
    admin: str
    graphiql: str


def build_policies():
    """The three policies for the current settings (read once per process by the middleware)."""
    images = [SELF, "data:", *filter(None, [media_origin()])]
    # Video embeds in rich text (YouTube and the like) are iframes of the provider's player.
    frames = [SELF, *settings.CSP_EMBED_ORIGINS]
    # These three do not fall back to default-src, so each policy states them.
    fixed = {"object-src": [NONE], "base-uri": [SELF], "form-action": [SELF]}
    public = {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": images,
        "frame-src": frames,
        **fixed,
        "frame-ancestors": [NONE],
    }
    admin = {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        # blob: for the thumbnails of images chosen for upload, before they are sent.
        "img-src": [*images, "blob:"],
        "connect-src": [SELF, WAGTAIL_RELEASES],
        "frame-src": frames,
        **fixed,
        # Wagtail's preview panel shows the page being edited in an iframe of the admin itself.
        "frame-ancestors": [SELF],
    }
    graphiql = {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_INLINE, GRAPHIQL_CDN],
        "style-src": [SELF, UNSAFE_INLINE, GRAPHIQL_CDN],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:", GRAPHIQL_CDN],
        **fixed,
        "frame-ancestors": [NONE],
    }
    return Policies(serialize(public), serialize(admin), serialize(graphiql))
