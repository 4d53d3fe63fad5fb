"""Wagtail's page views as the admin registers them for every page type (home/wagtail_hooks.py)."""

from wagtail.admin.views.pages.search import SearchView
from wagtail.models import Page

from .concurrent_edits import NoOverwritePageViewSet


class PageSearchView(SearchView):
    """Wagtail's page search names no model, so its result count read 「1-1 of 1 None」."""

    verbose_name = Page._meta.verbose_name
    verbose_name_plural = Page._meta.verbose_name_plural


class PortalPageViewSet(NoOverwritePageViewSet):
    search_view_class = PageSearchView
