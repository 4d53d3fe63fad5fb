"""Scheduled publishing and expiry (Wagtail's `publish_scheduled`), and the editors' dashboard."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from home.loading.site import section
from home.models import EventIndexPage, EventPage, EventSession, NoticeIndexPage, NoticePage, Venue

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def draft_notice(slug):
    notice = NoticePage(
        title=f"お知らせ {slug}", slug=slug, body="<p>窓口の時間が変わります。</p>", live=False
    )
    section(NoticeIndexPage).add_child(instance=notice)
    return notice


def scheduled_revision(notice, go_live_at):
    """A revision an approver has published for `go_live_at`, waiting for that time."""
    notice.go_live_at = go_live_at
    return notice.save_revision(approved_go_live_at=go_live_at)


def published_event(title, slug, starts_at):
    venue, _ = Venue.objects.get_or_create(name="きらり鎌ケ谷市民会館")
    event = EventPage(
        title=title, slug=slug, summary="ひとこと", description="<p>内容</p>", venue=venue
    )
    event.sessions = [EventSession(starts_at=starts_at, ends_at=starts_at + timedelta(hours=2))]
    section(EventIndexPage).add_child(instance=event)
    event.save_revision().publish()
    return event


def test_scheduled_revision_whose_time_has_come_is_published(home_page):
    notice = draft_notice("past")
    revision = scheduled_revision(notice, timezone.now() - timedelta(hours=1))

    call_command("publish_scheduled")

    notice.refresh_from_db()
    revision.refresh_from_db()
    assert (notice.live, notice.live_revision_id, revision.approved_go_live_at) == (
        True,
        revision.pk,
        None,
    )


def test_scheduled_revision_for_a_future_time_stays_unpublished(home_page):
    notice = draft_notice("future")
    go_live_at = timezone.now() + timedelta(days=1)
    revision = scheduled_revision(notice, go_live_at)

    call_command("publish_scheduled")

    notice.refresh_from_db()
    revision.refresh_from_db()
    assert (notice.live, notice.live_revision_id, revision.approved_go_live_at) == (
        False,
        None,
        go_live_at,
    )


def test_live_page_past_its_expiry_is_unpublished(home_page):
    notice = draft_notice("expired")
    notice.save_revision().publish()
    NoticePage.objects.filter(pk=notice.pk).update(expire_at=timezone.now() - timedelta(hours=1))

    call_command("publish_scheduled")

    notice.refresh_from_db()
    assert (notice.live, notice.expired) == (False, True)


def test_live_page_before_its_expiry_stays_live(home_page):
    notice = draft_notice("not-yet-expired")
    notice.save_revision().publish()
    NoticePage.objects.filter(pk=notice.pk).update(expire_at=timezone.now() + timedelta(days=1))

    call_command("publish_scheduled")

    notice.refresh_from_db()
    assert (notice.live, notice.expired) == (True, False)


def dashboard_event_titles(response):
    """The event titles listed in the dashboard's 「今後のイベント」 panel, in order."""
    soup = BeautifulSoup(response.content, "html.parser")
    panel = soup.find("section", attrs={"aria-labelledby": "upcoming-events-heading"})
    assert panel.find("h2").get_text(strip=True) == "今後のイベント"
    return [link.get_text(strip=True) for link in panel.select("tbody a")]


def test_dashboard_lists_upcoming_events_soonest_first(admin_client, home_page):
    published_event("秋の防災訓練", "bousai", timezone.now() + timedelta(days=30))
    published_event("夏休みこども工作教室", "kosaku", timezone.now() + timedelta(days=3))

    response = admin_client.get(reverse("wagtailadmin_home"))

    assert response.status_code == 200
    assert dashboard_event_titles(response) == ["夏休みこども工作教室", "秋の防災訓練"]


def test_dashboard_leaves_out_past_events(admin_client, home_page):
    published_event("夏休みこども工作教室", "kosaku", timezone.now() + timedelta(days=3))
    published_event("春の清掃活動", "seiso", timezone.now() - timedelta(days=3))

    response = admin_client.get(reverse("wagtailadmin_home"))

    assert dashboard_event_titles(response) == ["夏休みこども工作教室"]
