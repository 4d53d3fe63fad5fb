"""Property-based fuzzing of /graphql/ and every public URL (hypothesis).

CI runs the `fuzz` profile: a fixed number of examples per test, drawn deterministically
(`derandomize=True`), so a run is reproducible and a failure in CI fails the same way locally.

To look further than CI does, draw other examples with a seed and more of them:

    FUZZ_SEED=12345 FUZZ_SCALE=5 .venv/bin/pytest -p no:cacheprovider tests/fuzz \
        --hypothesis-show-statistics

`FUZZ_SEED` switches derandomization off and seeds every test with that number (any integer;
rerunning with the same one draws the same examples); `FUZZ_SCALE` multiplies every test's
number of examples. A failure prints the smallest input hypothesis found, to turn into a
regression test next to the owning code's tests.

The content (tests/fuzz/content.py) is built once for the package inside a transaction that is
rolled back afterwards. It includes one page in every non-public state (draft, unpublished,
expired, view-restricted) carrying HIDDEN_MARKER: no response may ever contain it.
"""

import os
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings
from hypothesis import HealthCheck, Phase, seed, settings

from home.models import Audience, EventPage, GroupPage, Venue
from home.models.visibility import public_pages as public

from .content import build_site

FUZZ_SEED = os.environ.get("FUZZ_SEED")
FUZZ_SCALE = float(os.environ.get("FUZZ_SCALE", "1"))

settings.register_profile(
    "fuzz",
    deadline=None,
    derandomize=FUZZ_SEED is None,
    # No example database: CI starts clean, and derandomized runs need none to reproduce.
    database=None,
    print_blob=True,
    # The explain phase reruns a failure many times to point at lines; the input is what matters.
    phases=[phase for phase in Phase if phase != Phase.explain],
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
        # The fixtures used inside @given (client, content) are read-only for the whole test.
        HealthCheck.function_scoped_fixture,
    ],
)
settings.load_profile("fuzz")


def fuzz_settings(examples):
    """This test's number of examples (times FUZZ_SCALE), seeded when FUZZ_SEED is set."""
    chosen = settings(max_examples=max(1, round(examples * FUZZ_SCALE)))

    def apply(test):
        test = chosen(test)
        return seed(int(FUZZ_SEED))(test) if FUZZ_SEED is not None else test

    return apply


@dataclass(frozen=True)
class SiteContent:
    """What the fuzzers aim at: real identifiers to mix with hostile ones."""

    event_slugs: tuple
    group_slugs: tuple
    audience_slugs: tuple
    venue_slugs: tuple
    hidden_slugs: tuple
    page_paths: tuple
    hidden_paths: tuple
    document_url: str
    event_ids: tuple

    def _repr_pretty_(self, printer, cycle):
        # Hypothesis prints the arguments of a failing example; the content is the same in all.
        printer.text("SiteContent(...)")


@pytest.fixture(scope="package")
def site_content(django_db_setup, django_db_blocker):
    """The content of tests/fuzz/content.py, once for the package; rolled back afterwards so
    no other test sees it."""
    with django_db_blocker.unblock(), transaction.atomic():
        home, hidden, document = build_site()
        public_pages = public(home.get_descendants(inclusive=True)).specific()
        yield SiteContent(
            event_slugs=tuple(public(EventPage.objects.all()).values_list("slug", flat=True)),
            group_slugs=tuple(public(GroupPage.objects.all()).values_list("slug", flat=True)),
            audience_slugs=tuple(Audience.objects.values_list("slug", flat=True)),
            venue_slugs=tuple(Venue.objects.values_list("slug", flat=True)),
            hidden_slugs=tuple(page.slug for page in hidden),
            page_paths=tuple(page.get_url() for page in public_pages),
            hidden_paths=tuple(page.get_url() for page in hidden),
            document_url=document.url,
            event_ids=tuple(EventPage.objects.values_list("pk", flat=True)),
        )
        transaction.set_rollback(True)
    # Wagtail keeps the site's root paths in the cache; they belong to the rolled-back tree.
    cache.clear()


@pytest.fixture
def fuzz_client(site_content, db):
    """A client that sees a server error as a 500 response, as a visitor would, with the
    shared response cache switched on as in production."""
    with override_settings(RESPONSE_CACHE_SECONDS=60):
        yield Client(raise_request_exception=False)
    cache.clear()
