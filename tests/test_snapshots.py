"""The copies behind the `home_page` and `plan` fixtures (tests/snapshots.py) give exactly what
their builders make, and only when the database starts where the builder started."""

import pytest
from django.contrib.auth.models import User
from django.db import transaction

from home.loading.plan import load_plan, load_taxonomies
from home.loading.site import ensure_site_tree
from home.models import ActionPage, EventIndexPage, HomePage
from tests.factories import event_with_sessions

from .snapshots import COPIES, build_once, table_hashes

pytestmark = pytest.mark.django_db


class CountingBuilder:
    def __init__(self, builder):
        self.builder = builder
        self.runs = 0

    def __call__(self):
        self.runs += 1
        self.builder()


def plan_from_empty():
    load_taxonomies()
    load_plan(ensure_site_tree())


def build_and_undo(name, builder, clock):
    """The state `build_once` leaves, then the database as it was."""
    with transaction.atomic():
        build_once(name, builder, clock)
        state = table_hashes()
        transaction.set_rollback(True)
    return state


def test_a_copy_gives_every_row_the_builder_wrote(pytestconfig, request):
    clock = pytestconfig.test_clock.instant
    builder = CountingBuilder(plan_from_empty)
    name = f"{__name__}: plan for {request.node.name}"
    before = table_hashes()

    built = build_and_undo(name, builder, clock)
    assert table_hashes() == before
    copied = build_and_undo(name, builder, clock)

    assert builder.runs == 1
    assert copied == built
    assert copied != before


def test_another_starting_state_runs_the_builder(pytestconfig, request):
    clock = pytestconfig.test_clock.instant
    builder = CountingBuilder(plan_from_empty)
    name = f"{__name__}: plan for {request.node.name}"
    build_and_undo(name, builder, clock)

    User.objects.create_user("someone-first")
    build_once(name, builder, clock)

    assert builder.runs == 2
    assert ActionPage.objects.count() == 22
    assert len({key for key in COPIES if key[0] == name}) == 2


def test_after_a_copy_new_rows_get_new_ids(pytestconfig, request):
    clock = pytestconfig.test_clock.instant
    name = f"{__name__}: plan for {request.node.name}"
    build_and_undo(name, plan_from_empty, clock)
    build_once(name, plan_from_empty, clock)
    home = HomePage.objects.get()

    event = event_with_sessions(EventIndexPage.objects.get(), slug="after-the-copy")

    assert event.pk > max(ActionPage.objects.values_list("pk", flat=True))
    assert [page.slug for page in home.get_descendants().live().order_by("pk")][-1] == (
        "after-the-copy"
    )


def test_a_copy_that_does_not_give_the_built_state_is_refused(pytestconfig, request):
    clock = pytestconfig.test_clock.instant
    name = f"{__name__}: site tree for {request.node.name}"
    build_and_undo(name, ensure_site_tree, clock)
    [(key, (tables, copies, _))] = [item for item in COPIES.items() if item[0][0] == name]
    COPIES[key] = (tables, copies, "not the hash of what the builder made")

    with pytest.raises(AssertionError, match="did not give the state the builder made"):
        build_once(name, ensure_site_tree, clock)
