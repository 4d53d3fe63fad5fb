import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings

from home.loading.editors import APPROVERS, EDITORS, ensure_editor_roles
from home.loading.plan import load_plan, load_taxonomies
from home.loading.site import ensure_site_tree
from home.models import EventIndexPage, HomePage

from .clock import SUITE_EPOCH, SuiteClock, instant_from
from .query_count import exact_query_count
from .smtp_server import LoopbackSmtpServer
from .snapshots import build_once
from .users import member_of


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Browser tests last, after pytest-django has put transactional tests after the others.

    Playwright keeps an asyncio loop running in the test thread from the first browser test on,
    and strawberry-django then believes it runs in async code: a later GraphQL request through
    Django's test client would fail. The sort is stable, so each group keeps its order."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


def pytest_addoption(parser):
    parser.addoption(
        "--clock-at",
        help="Start the tests' clock at this instant instead of tests/clock.py's SUITE_EPOCH "
        "(ISO 8601 with its offset, e.g. 2027-03-31T23:59:00+09:00); for the tests marked "
        "`dates`, as CI runs them.",
    )


def pytest_configure(config):
    instant = config.getoption("--clock-at") or SUITE_EPOCH
    instant_from(instant)  # a mistyped instant stops the run before any test
    config.test_clock = SuiteClock(instant)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    clock = item.config.test_clock
    if item.get_closest_marker("browser"):
        clock.stop()
    else:
        clock.start()


def pytest_unconfigure(config):
    clock = getattr(config, "test_clock", None)
    if clock is not None:
        clock.stop()


@pytest.fixture
def django_assert_num_queries():
    """pytest-django's fixture of this name, but always listing the SQL when the count is wrong
    (pytest-django lists it only under -v)."""
    return exact_query_count


@pytest.fixture
def home_page(db, pytestconfig):
    """The site skeleton every test starts from: home page, Site and section index pages."""
    # The Site row follows PUBLIC_BASE_URL, so a copy is only good for the address it was made at.
    build_once(
        f"site tree at {settings.PUBLIC_BASE_URL}",
        ensure_site_tree,
        pytestconfig.test_clock.instant,
    )
    return HomePage.objects.get()


@pytest.fixture
def plan(home_page, pytestconfig):
    """The whole plan (4 visions, 22 actions) plus activity fields and audiences."""

    def load():
        load_taxonomies()
        load_plan(home_page)

    build_once("plan", load, pytestconfig.test_clock.instant)
    return home_page


@pytest.fixture
def roles(home_page):
    """The site with the 編集者 and 承認者 groups, their permissions and the approval workflow."""
    ensure_editor_roles(home_page)
    return home_page


@pytest.fixture
def editor(roles):
    return member_of(EDITORS, "henshu")


@pytest.fixture
def approver(roles):
    return member_of(APPROVERS, "shonin")


@pytest.fixture
def index(plan):
    """The event list (イベント一覧) of the loaded plan, parent of every event a test makes."""
    return EventIndexPage.objects.get()


@pytest.fixture
def empty_cache():
    """Sign-in and rate-limit counts live in the cache: the test starts and ends with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def smtp_server():
    """A real SMTP server on 127.0.0.1 that the portal's SMTP backend delivers to while the test
    runs (tests/smtp_server.py); `smtp_server.messages` are what it received, headers decoded."""
    with LoopbackSmtpServer() as server, override_settings(**server.django_settings()):
        yield server
