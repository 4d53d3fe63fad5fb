"""The tests' clock: a fixed instant for tests with fixed dates, a set instant for the others.

Every test passes on any day. Tests with fixed dates (the factories' sessions are in December
2026 and later) run at SUITE_EPOCH; tests marked `dates` build their data relative to now and run
on the machine's clock, or at the instant given with `--clock-at`, as CI does at month and
fiscal-year ends, across New Year in Tokyo and on a leap day.
"""

import datetime as dt
import os
from contextlib import contextmanager

import pytest
import time_machine

CLOCK_VARIABLE = "TEST_CLOCK_AT"
# The instant tests with fixed dates run at: before every date the factories and fixtures use
# (December 2026 onwards), so "upcoming" means the same on any day the suite runs.
SUITE_EPOCH = "2026-11-02T12:00:00+09:00"


@contextmanager
def clock_from(instant):
    """The clock starts at `instant` (ISO 8601) and ticks, here and in app servers started now."""
    start = dt.datetime.fromisoformat(instant)
    if start.tzinfo is None:
        raise pytest.UsageError(f"{instant!r} needs an offset, e.g. 2027-03-31T23:59:00+09:00")
    previous = os.environ.get(CLOCK_VARIABLE)
    os.environ[CLOCK_VARIABLE] = instant  # tests/server_settings.py starts servers' clocks there
    try:
        with time_machine.travel(start, tick=True):
            yield start
    finally:
        if previous is None:
            os.environ.pop(CLOCK_VARIABLE, None)
        else:
            os.environ[CLOCK_VARIABLE] = previous


def suite_epoch():
    """The clock at SUITE_EPOCH, for a module- or class-wide fixture whose data has fixed dates
    or must agree with the tests' SUITE_EPOCH clock."""
    return clock_from(SUITE_EPOCH)
