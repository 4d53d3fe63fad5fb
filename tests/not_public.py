"""The four ways a page is not public, for tests that prove no channel shows such a page."""

import datetime as dt

from django.utils import timezone
from wagtail.models import PageViewRestriction

NOT_PUBLIC = ["draft", "unpublished", "expired", "restricted"]


def restrict(page):
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )


def not_public(build, case):
    """The page `build(**fields)` makes, in the non-public state `case`."""
    if case == "draft":
        return build(live=False)
    page = build()
    if case == "unpublished":
        page.unpublish()
    elif case == "expired":
        # Still live: the moment has passed but `publish_scheduled` has not run since.
        page.expire_at = timezone.now() - dt.timedelta(minutes=1)
        page.save()
    else:
        restrict(page)
    return page
