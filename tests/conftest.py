import pytest

from home.loading.plan import load_plan, load_taxonomies
from home.loading.site import ensure_site_tree


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
