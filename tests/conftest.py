import pytest

from home.loading.plan import load_plan, load_taxonomies
from home.loading.site import ensure_site_tree


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Browser tests last, after pytest-django has put transactional tests after the others.

    Playwright keeps an asyncio loop running in the test thread from the first browser test on,
    and strawberry-django then believes it runs in async code: a later GraphQL request through
    Django's test client would fail. The sort is stable, so each group keeps its order."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


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
