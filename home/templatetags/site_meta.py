"""The <head> values search engines and link previews read; built in home.structured_data."""

from django import template
from wagtail.models import Page

from home import structured_data

register = template.Library()


@register.simple_tag(takes_context=True)
def page_meta(context):
    """Canonical URL and Open Graph values for the page being rendered, or None off a page.

    Views outside Wagtail may use `page` for something else, such as a paginator's page.
    """
    page = context.get("page")
    if not isinstance(page, Page):
        return None
    return structured_data.page_meta(page, context.get("request"))


@register.simple_tag(takes_context=True)
def event_json_ld(context):
    return structured_data.json_ld_script(
        structured_data.event_data(context["page"], context.get("request"))
    )


@register.simple_tag(takes_context=True)
def group_json_ld(context):
    return structured_data.json_ld_script(
        structured_data.group_data(context["page"], context.get("request"))
    )
