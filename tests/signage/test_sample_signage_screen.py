"""The sample content brings a signage screen for きらり鎌ケ谷市民会館 that shows slides at any hour,
so `make run` (and the README's link) shows signage at once, even in the middle of the night."""

import datetime as dt

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.db import transaction

from home.loading.demo import load_demo
from home.loading.plan import load_plan, load_taxonomies
from home.loading.site import ensure_site_tree
from jp.time import TOKYO
from signage.models import SignageScreen

# Its clock is its own (3:00 JST), and one load serves the module on one worker.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("sample-signage-screen")]

THREE_AM = dt.datetime(2026, 12, 5, 3, 0, tzinfo=TOKYO)
SCREEN_URL = "/signage/sample-kirari-lobby/"


@pytest.fixture(scope="module")
def demo_at_three_am(django_db_setup, django_db_blocker):
    """One load for the module (a load takes a minute), rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        with time_machine.travel(THREE_AM, tick=False):
            home = ensure_site_tree()
            load_taxonomies()
            load_plan(home)
            load_demo(home)
        yield home
        transaction.set_rollback(True)


def test_the_sample_screen_is_marked_as_a_sample_at_the_sample_hall(demo_at_three_am):
    screen = SignageScreen.objects.get()

    assert (screen.name, screen.slug, screen.venue.name, screen.venue.is_sample) == (
        "きらり鎌ケ谷市民会館 1階ロビー（サンプル）",
        "sample-kirari-lobby",
        "きらり鎌ケ谷市民会館（サンプル）",
        True,
    )


@pytest.mark.parametrize(
    "clock", [dt.time(0, 0), dt.time(3, 0), dt.time(12, 0), dt.time(23, 59, 59)]
)
def test_the_sample_screen_is_open_at_every_hour(demo_at_three_am, clock):
    assert SignageScreen.objects.get().is_open_at(clock)


def test_the_sample_screen_shows_slides_at_three_in_the_morning(client, demo_at_three_am):
    with time_machine.travel(THREE_AM, tick=False):
        response = client.get(SCREEN_URL)

    page = BeautifulSoup(response.content, "html.parser")
    kinds = [slide["data-kind"] for slide in page.find_all(class_="slide")]
    assert response.status_code == 200
    assert page.body["class"] == ["signage", "signage--landscape"]
    assert page.find(id="place").get_text() == "きらり鎌ケ谷市民会館（サンプル）"
    # The kinds the sample content fills, the hall's rooms' next events first; no welcome slide.
    assert sorted(set(kinds)) == ["groups", "notices", "now", "today", "week"]
    assert kinds[0] == "now"
    assert all(slide.find(class_="row__title") for slide in page.find_all(class_="slide"))
