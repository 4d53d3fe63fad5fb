"""A citizen's way through the public site in headless Chromium, with the sample content loaded:
home → events → filter by audience → an event → the group that runs it, a filter mistake, and
the month calendar."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from home.models import Audience, EventCriteria, EventPage, GroupCriteria, GroupPage
from home.models.list_filters import PAGE_SIZE
from jp.formatting import session_span
from jp.time import tokyo_today

pytestmark = [
    pytest.mark.browser,
    # The tests only read the sample content that demo_server loads once for the module; under
    # xdist (--dist loadgroup) they run together on one worker, so it is loaded once.
    pytest.mark.django_db,
    pytest.mark.xdist_group("demo-visitor-path"),
]

AUDIENCE_SLUG = "children"


def card_titles(page):
    return page.locator("article.card h3").all_inner_texts()


def test_home_to_events_to_an_event_to_its_group(demo_server, browser_page):
    page = browser_page
    page.goto(demo_server.url + "/")
    page.get_by_role("navigation", name="メインメニュー").get_by_role(
        "link", name="イベント"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("イベント")

    audience = Audience.objects.get(slug=AUDIENCE_SLUG)
    page.get_by_label("対象").select_option(label=audience.name)
    page.get_by_role("button", name="この条件でさがす").click()
    expect(page).to_have_url(re.compile(rf"audience={AUDIENCE_SLUG}"))
    events = list(EventPage.objects.find(EventCriteria(audience=AUDIENCE_SLUG))[:PAGE_SIZE])
    assert events, "the sample content has events for children"
    assert card_titles(page) == [event.title for event in events]
    # The chosen filter stays selected, so the visitor sees what the list is showing.
    expect(page.get_by_label("対象")).to_have_value(AUDIENCE_SLUG)

    event = events[0]
    page.locator("article.card h3 a").first.click()
    expect(page).to_have_url(demo_server.url + event.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(event.title)
    sessions = page.get_by_role("heading", name="日程").locator("+ ul > li")
    expect(sessions).to_have_text([session_span(s) for s in event.sessions.all()])

    group = event.organisers.order_by("title").first()
    page.get_by_role("link", name=group.title, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(group.title)
    upcoming = page.get_by_role("heading", name="これからのイベント")
    expect(upcoming).to_be_visible()
    expect(page.locator(f'article.card a[href="{event.url}"]')).to_be_visible()


def test_a_backwards_date_range_is_explained_and_keeps_what_was_typed(demo_server, browser_page):
    page = browser_page
    page.goto(demo_server.url + "/events/")
    page.get_by_label("いつから").fill("2027-01-10")
    page.get_by_label("いつまで").fill("2027-01-01")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="この条件でさがす").click()
    assert navigation.value.status == 400
    expect(page.get_by_role("alert")).to_have_text(
        "「いつまで」は「いつから」以降の日付にしてください。"
    )
    expect(page.get_by_label("いつから")).to_have_value("2027-01-10")
    expect(page.get_by_label("いつまで")).to_have_value("2027-01-01")
    expect(page.get_by_label("いつまで")).to_have_attribute("aria-invalid", "true")
    assert card_titles(page) == []


def test_the_month_calendar_shows_todays_events_and_moves_between_months(demo_server, browser_page):
    page = browser_page
    page.goto(demo_server.url + "/events/")
    page.get_by_role("link", name="カレンダーで見る").click()
    today = tokyo_today()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"{today.year}年{today.month}月")

    today_cell = page.locator('[aria-current="date"]')
    expected_today = [
        event.title
        for event in EventPage.objects.find(EventCriteria(date_from=today, date_to=today))
    ]
    assert expected_today, "the sample content always has events today"
    for title in expected_today:
        expect(today_cell.get_by_role("link", name=re.compile(re.escape(title)))).to_be_visible()

    page.get_by_role("link", name="次の月").click()
    next_month = (today.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        f"{next_month.year}年{next_month.month}月"
    )
    page.get_by_role("link", name="前の月").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"{today.year}年{today.month}月")

    today_cell = page.locator('[aria-current="date"]')
    today_cell.get_by_role("link", name=re.compile(re.escape(expected_today[0]))).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(expected_today[0])


def test_filters_and_paging_work_with_javascript_switched_off(demo_server, chromium_browser):
    context = chromium_browser.new_context(java_script_enabled=False, locale="ja-JP")
    page = context.new_page()
    try:
        page.goto(demo_server.url + "/groups/")
        page.get_by_label("メンバー募集中の団体だけ").check()
        page.get_by_role("button", name="この条件でさがす").click()
        expect(page).to_have_url(re.compile(r"recruiting=on"))
        expected = [group.title for group in GroupPage.objects.find(GroupCriteria(recruiting=True))]
        assert card_titles(page) == expected[:PAGE_SIZE]
    finally:
        context.close()
