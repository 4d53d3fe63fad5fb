"""The portal's name for the admin's branding blocks (home/templates/wagtailadmin/)."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def portal_name():
    return settings.WAGTAIL_SITE_NAME
