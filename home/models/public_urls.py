"""Page URLs on the portal's public address (cms/public_address.py), whatever the Site row says.

Wagtail builds a page's absolute URL from its Site's hostname and port, and can only write
`https://` for port 443. Every page type takes this mixin, so canonical links, the sitemap,
structured data, feeds and the API's `url` fields all start with PUBLIC_BASE_URL exactly;
ensure_site_tree keeps the Site row itself in step for Wagtail's own screens.
"""

from cms.public_address import public_base_url


class PublicUrlMixin:
    def get_url_parts(self, request=None):
        parts = super().get_url_parts(request=request)
        if parts is None:
            return None
        site_id, root_url, page_path = parts
        return site_id, public_base_url() if root_url is not None else None, page_path
