"""The fixed skeleton of the site: the home page at the root and one index page per section."""

from django.db import transaction
from wagtail.models import Page, Site

from cms.public_address import site_address

from ..models import EventIndexPage, GroupIndexPage, HomePage, NoticeIndexPage
from .pages import publish_page

SITE_TITLE = "かまがや協働ポータル"
WAGTAIL_WELCOME_PAGE_SLUG = "home"

SECTIONS = (
    (GroupIndexPage, "groups", "団体をさがす"),
    (EventIndexPage, "events", "イベント"),
    (NoticeIndexPage, "notices", "お知らせ"),
)


def replace_welcome_page(root):
    """A new database has Wagtail's "Welcome" page; the home page must take its place."""
    welcome = (
        root.get_children()
        .filter(slug=WAGTAIL_WELCOME_PAGE_SLUG)
        .exclude(content_type__model="homepage")
    )
    for page in welcome:
        page.delete()


@transaction.atomic
def ensure_site_tree():
    """The home page, the default Site pointing at it, and the section index pages. Returns home."""
    root = Page.get_first_root_node()
    replace_welcome_page(root)
    home, _ = publish_page(
        root,
        HomePage,
        {"slug": WAGTAIL_WELCOME_PAGE_SLUG},
        {
            "title": SITE_TITLE,
            "introduction": "<p>鎌ケ谷市の市民活動・地域活動の情報をまとめて探せるサイトです。</p>",
        },
    )
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    hostname, port = site_address()
    wanted = (home.pk, SITE_TITLE, hostname, port)
    if (site.root_page_id, site.site_name, site.hostname, site.port) != wanted:
        # The Site row follows PUBLIC_BASE_URL, for Wagtail's own screens ("view live" links);
        # the portal's pages build their URLs from the setting itself (home/models/public_urls.py).
        site.root_page, site.site_name, site.hostname, site.port = home, SITE_TITLE, hostname, port
        site.save()
    for model, slug, title in SECTIONS:
        publish_page(home, model, {"slug": slug}, {"title": title})
    return home


def section(model):
    """The one index page of a section, e.g. section(EventIndexPage)."""
    return model.objects.get()
