"""Factories for test data: each builds a valid, published page or snippet with few arguments."""

import datetime as dt

import factory
import wagtail_factories

from home.models import (
    ActionProgressRecord,
    EventPage,
    EventSession,
    GroupPage,
    GroupPhoto,
    NoticePage,
    Venue,
)
from jp.time import TOKYO


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    name = factory.Sequence(lambda n: f"テスト会場{n}")
    name_kana = factory.Sequence(lambda n: f"てすとかいじょう{n}")
    slug = factory.Sequence(lambda n: f"test-venue-{n}")
    address = "鎌ケ谷市テスト町1-1"


class GroupPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = GroupPage

    title = factory.Sequence(lambda n: f"テスト団体{n}")
    slug = factory.Sequence(lambda n: f"test-group-{n}")
    name_kana = factory.Sequence(lambda n: f"てすとだんたい{n}")
    organisation_type = "citizen_group"
    summary = "テスト用の団体です。"
    description = "<p>テスト用の団体の紹介文です。</p>"


class EventPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = EventPage

    title = factory.Sequence(lambda n: f"テストイベント{n}")
    slug = factory.Sequence(lambda n: f"test-event-{n}")
    summary = "テスト用のイベントです。"
    description = "<p>テスト用のイベントの内容です。</p>"
    venue = factory.SubFactory(VenueFactory)


class EventSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventSession

    starts_at = dt.datetime(2026, 12, 5, 14, 0, tzinfo=TOKYO)
    ends_at = factory.LazyAttribute(lambda session: session.starts_at + dt.timedelta(hours=2))


class NoticePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NoticePage

    title = factory.Sequence(lambda n: f"テストのお知らせ{n}")
    slug = factory.Sequence(lambda n: f"test-notice-{n}")
    body = "<p>テストのお知らせです。</p>"


class ImageFactory(wagtail_factories.ImageFactory):
    title = factory.Sequence(lambda n: f"テスト画像{n}")
    description = factory.LazyAttribute(lambda image: f"{image.title}の写真")


class GroupPhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupPhoto

    image = factory.SubFactory(ImageFactory)
    caption = factory.Sequence(lambda n: f"活動の様子{n}")


class ActionProgressRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionProgressRecord

    fiscal_year = 2025
    implementation_status = "done"
    activities = "テスト用の取組です。"
    times_held = 3
    participants = 40


def event_with_sessions(parent, *spans, **fields):
    """A published event under `parent` with one session per (starts_at, ends_at) pair."""
    event = EventPageFactory(parent=parent, **fields)
    for starts_at, ends_at in spans:
        EventSessionFactory(event=event, starts_at=starts_at, ends_at=ends_at)
    event.save()  # the page keeps its first and last session dates in step with the sessions
    return event
