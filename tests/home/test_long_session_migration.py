"""Migration 0006 stops, naming them, when sessions are longer than the lists now allow: they
would vanish from every list (home.models.events.next_session_in_window) rather than fail."""

import datetime as dt
import importlib

import pytest
from django.apps import apps

from home.models import EventIndexPage
from jp.time import TOKYO
from tests.factories import event_with_sessions

migration = importlib.import_module("home.migrations.0006_window_count_indexes")
START = dt.datetime(2026, 4, 1, 9, tzinfo=TOKYO)


def test_the_upgrade_names_each_session_longer_than_366_days(home_page):
    index = EventIndexPage.objects.get()
    # Written without the form, as data from before the limit could be.
    too_long = event_with_sessions(index, (START, START + dt.timedelta(days=400)), title="長い展示")
    event_with_sessions(index, (START, START + dt.timedelta(days=366)), title="1年の展示")

    with pytest.raises(RuntimeError) as stopped:
        migration.check_no_session_is_too_long(apps, None)

    assert str(stopped.value) == (
        "Sessions longer than 366 days must be split into shorter ones before this migration: "
        f"event {too_long.pk} from 2026-04-01"
    )


def test_the_upgrade_goes_on_when_every_session_fits(home_page):
    index = EventIndexPage.objects.get()
    event_with_sessions(index, (START, START + dt.timedelta(days=366)), title="1年の展示")

    assert migration.check_no_session_is_too_long(apps, None) is None
