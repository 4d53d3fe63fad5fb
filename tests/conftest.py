import os

import pytest

from home.loading.editors import APPROVERS, EDITORS, ensure_editor_roles
from home.loading.plan import load_plan, load_taxonomies
from home.loading.site import ensure_site_tree

from .clock import CLOCK_VARIABLE, SUITE_EPOCH, clock_from
from .query_count import exact_query_count
from .users import member_of

REAL_CLOCK_MARKERS = ("dates", "browser")


def pytest_addoption(parser):
    parser.addoption(
        "--clock-at",
        default=os.environ.get(CLOCK_VARIABLE),
        help="Run the tests marked `dates` (whose data is relative to now) with the clock "
        "starting at this instant (ISO 8601 with its offset, e.g. 2027-03-31T23:59:00+09:00); "
        "it ticks on from there. App servers the tests start get the same instant.",
    )


@pytest.fixture(autouse=True, scope="session")
def clock_at(request):
    """CI runs the `dates` tests again at month and fiscal-year ends, across New Year in Tokyo
    and on a leap day (.ci/run). Unset, their clock is the machine's."""
    instant = request.config.getoption("--clock-at")
    if not instant:
        os.environ.pop(CLOCK_VARIABLE, None)
        yield None
        return
    with clock_from(instant) as start:
        yield start


@pytest.fixture(autouse=True)
def suite_clock(request, clock_at):
    """Every test passes whatever the day: tests with fixed dates run at SUITE_EPOCH; tests
    marked `dates` build their data relative to now and run on the real (or --clock-at) clock,
    as do browser tests, whose Chromium keeps the real time."""
    if any(request.node.get_closest_marker(name) for name in REAL_CLOCK_MARKERS):
        yield
        return
    with clock_from(SUITE_EPOCH):
        yield


@pytest.fixture
def django_assert_num_queries():
    """pytest-django's fixture of this name, but always listing the SQL when the count is wrong
    (pytest-django lists it only under -v)."""
    return exact_query_count


@pytest.fixture
def home_page(db):
    """The site skeleton every test starts from: home page, Site and section index pages."""
    return ensure_site_tree()


@pytest.fixture
def plan(home_page):
    """The whole plan (4 visions, 22 actions) plus activity fields and audiences."""
    load_taxonomies()
    load_plan(home_page)
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
