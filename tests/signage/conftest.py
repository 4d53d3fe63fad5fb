import pytest
import time_machine

from signage.models import SignageScreen
from tests.factories import VenueFactory

from .screen_day import NOON


@pytest.fixture
def noon():
    """The clock stopped at NOON: slides depend on the minute."""
    with time_machine.travel(NOON, tick=False):
        yield NOON


@pytest.fixture
def hall(home_page):
    return VenueFactory(name="きらり鎌ケ谷市民会館", slug="kirari")


@pytest.fixture
def lobby(hall):
    return SignageScreen.objects.create(name="1階ロビー", slug="lobby", venue=hall)
