"""What search engines are told to crawl: sitemap.xml and robots.txt."""

from django.http import HttpResponse
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap

from cms.public_address import absolute_url

from .models.visibility import public_pages


class PublicPagesSitemap(Sitemap):
    """Wagtail's sitemap, with the pages chosen by the one visibility rule.

    Wagtail's own list takes live, unrestricted pages, which still includes pages whose expiry
    time has passed until `publish_scheduled` next runs.
    """

    def items(self):
        pages = self.get_wagtail_site().root_page.get_descendants(inclusive=True)
        return public_pages(pages).order_by("path").defer_streamfields().specific()


def robots_txt(request):
    sitemap_url = absolute_url(reverse("sitemap"))
    lines = ["User-agent: *", "Allow: /", "Disallow: /admin/", "", f"Sitemap: {sitemap_url}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
