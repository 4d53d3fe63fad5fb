"""Signage screens in the admin menu."""

from wagtail.snippets.models import register_snippet

from .admin import SignageScreenViewSet

register_snippet(SignageScreenViewSet)
