"""Partners in the admin menu (superusers only: the model's permissions are given to no group)."""

from wagtail.snippets.models import register_snippet

from .admin import PartnerViewSet

register_snippet(PartnerViewSet)
