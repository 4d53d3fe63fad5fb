"""The embeddable events widget on a partner school's page, served from another origin than the
portal, in headless Chromium: it lists the same upcoming events as the portal, only for a key
registered for that origin, and leaves the school's page accessible."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from home.models import EventCriteria, EventPage
from home.models.choices import EventStatus
from jp.formatting import session_span
from partners.models import Partner

from .accessibility import axe_violations, blocking
from .partner_school import (
    AUDIENCE_SLUG,
    COUNT,
    open_school_page,
    partner_key,
    school_site_server,
)

pytestmark = [
    pytest.mark.browser,
    # The tests only read the sample content that demo_server loads once for the module; under
    # xdist (--dist loadgroup) they run together on one worker, so it is loaded once.
    pytest.mark.django_db,
    pytest.mark.xdist_group("demo-widget"),
]

REGISTERED_SCHOOL = "鎌ケ谷市立第一中学校"
OTHER_SCHOOL = "鎌ケ谷市立第二中学校"
ERROR_MESSAGE = (
    "イベント情報を読み込めませんでした。かまがや協働ポータルのイベント一覧をご覧ください。"
)
STATUS_MARKS = {EventStatus.CANCELLED: "【中止】", EventStatus.POSTPONED: "【延期】"}


@pytest.fixture(scope="module")
def school(demo_server, django_db_blocker):
    """The school's site and two keys, saved before the tests so that the portal's server sees
    them: one registered for the school's origin, one for another school's."""
    with school_site_server() as site, django_db_blocker.unblock():
        site.keys = {
            REGISTERED_SCHOOL: partner_key(site.origin, name=REGISTERED_SCHOOL),
            OTHER_SCHOOL: partner_key("https://another-school.example.jp", name=OTHER_SCHOOL),
        }
        yield site


def next_session(event):
    now = timezone.now()
    return next(session for session in event.sessions.all() if session.ends_at >= now)


def test_the_widget_lists_upcoming_events_on_a_partner_page(demo_server, school, browser_page):
    events = list(EventPage.objects.find(EventCriteria(audience=AUDIENCE_SLUG))[:COUNT])
    assert events, "the sample content has upcoming events for pupils"

    widget, page_errors = open_school_page(
        browser_page, school, demo_server.url, school.keys[REGISTERED_SCHOOL]
    )

    items = widget.get_by_role("listitem")
    expect(items.get_by_role("link")).to_have_text(
        [STATUS_MARKS.get(event.status, "") + event.title for event in events]
    )
    assert [items.nth(i).get_by_role("link").get_attribute("href") for i in range(len(events))] == [
        demo_server.url + event.url for event in events
    ]
    expect(items.locator("time")).to_have_text([session_span(next_session(e)) for e in events])
    expect(items.locator(".kamagaya-events__where")).to_have_text(
        [f"会場：{event.venue.name}" for event in events if event.venue]
    )
    expect(
        widget.get_by_role("link", name="イベントをもっと見る（かまがや協働ポータル）")
    ).to_have_attribute("href", demo_server.url + "/events/")
    assert page_errors == []
    assert Partner.objects.get(name=REGISTERED_SCHOOL).request_count == 1

    violations = axe_violations(browser_page)
    assert blocking(violations) == [], violations


def test_the_widget_shows_a_message_when_its_key_is_not_for_this_site(
    demo_server, school, browser_page
):
    widget, page_errors = open_school_page(
        browser_page, school, demo_server.url, school.keys[OTHER_SCHOOL]
    )

    expect(widget.get_by_role("status")).to_have_text(ERROR_MESSAGE)
    expect(widget.get_by_role("link", name="かまがや協働ポータルのイベント一覧")).to_have_attribute(
        "href", demo_server.url + "/events/"
    )
    expect(widget.get_by_role("list")).to_have_count(0)
    assert page_errors == []

    violations = axe_violations(browser_page)
    assert blocking(violations) == [], violations
