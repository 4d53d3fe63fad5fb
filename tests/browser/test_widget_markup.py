"""The events widget on a partner school's page shows markup in event data as text: an event title
or venue holding HTML never becomes elements on the school's page."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from home.loading.plan import load_taxonomies
from home.loading.site import ensure_site_tree
from home.models import Audience, EventIndexPage
from tests.factories import VenueFactory, event_with_sessions

from .partner_school import AUDIENCE_SLUG, open_school_page, partner_key, school_site_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

INJECTED_TITLE = '<img src="x" onerror="window.injected = 1"><b>太字</b>の講座'
INJECTED_VENUE = "<b>会場</b>"


@pytest.fixture
def school_site():
    with school_site_server() as site:
        yield site


def test_the_widget_shows_markup_in_event_data_as_text(
    transactional_db, live_server, school_site, browser_page
):
    ensure_site_tree()
    load_taxonomies()
    starts_at = timezone.now() + dt.timedelta(days=3)
    event_with_sessions(
        EventIndexPage.objects.get(),
        (starts_at, starts_at + dt.timedelta(hours=2)),
        title=INJECTED_TITLE,
        audiences=[Audience.objects.get(slug=AUDIENCE_SLUG)],
        venue=VenueFactory(name=INJECTED_VENUE),
    )
    key = partner_key(allowed_origins=school_site.origin)

    widget, page_errors = open_school_page(browser_page, school_site, live_server.url, key)

    expect(widget.get_by_role("listitem").get_by_role("link")).to_have_text([INJECTED_TITLE])
    expect(widget.locator(".kamagaya-events__where")).to_have_text([f"会場：{INJECTED_VENUE}"])
    expect(browser_page.locator("img, b")).to_have_count(0)
    assert browser_page.evaluate("window.injected") is None
    assert page_errors == []
