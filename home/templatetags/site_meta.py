"""The <head> values search engines and link previews read; built in home.structured_data."""

from django import template
from wagtail.models import Page

from home import structured_data
from home.page_descriptions import SITE_DESCRIPTION, page_description

register = template.Library()


@register.simple_tag(takes_context=True)
def meta_description(context):
    """<meta name="description">: the page's description, or the site's off a Wagtail page."""
    page = context.get("page")
    return page_description(page) if isinstance(page, Page) else SITE_DESCRIPTION


@register.simple_tag(takes_context=True)
def page_meta(context):
    """Canonical URL and Open Graph values for the page being rendered, or None off a page.

    Views outside Wagtail may use `page` for something else, such as a paginator's page.
    """
    page = context.get("page")
    if not isinstance(page, Page):
        return None
    meta = structured_data.page_meta(page, context.get("request"))
    # A route of a page (the month calendar of the event list) is its own document.
    if context.get("canonical_url"):
        meta["canonical_url"] = context["canonical_url"]
    if context.get("heading"):
        meta["title"] = context["heading"]
    return meta


@register.simple_tag(takes_context=True)
def event_json_ld(context):
    """The event's JSON-LD, from the sessions and organisers EventPage.get_context has read."""
    return structured_data.json_ld_script(
        structured_data.event_data(
            context["page"],
            context.get("request"),
            sessions=context["sessions"],
            organiser_groups=context["organiser_groups"],
        )
    )


@register.simple_tag(takes_context=True)
def group_json_ld(context):
    return structured_data.json_ld_script(
        structured_data.group_data(context["page"], context.get("request"))
    )
