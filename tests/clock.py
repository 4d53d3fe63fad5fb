"""The tests' clock, so the suite passes on any day at any hour.

Every test but the browser tests runs on one clock per test process that starts at SUITE_EPOCH
and ticks on: module and class fixtures, the tests and the app servers they start (through
TEST_CLOCK_AT, read by tests/server_settings.py) agree on what "today" and "upcoming" mean.
`--clock-at` starts that clock at another instant instead; CI does so for the tests marked
`dates` (whose data is relative to now) at month and fiscal-year ends, across New Year in
Tokyo and on a leap day. Browser tests keep the machine's clock, as Chromium does.
"""

import datetime as dt
import os

import pytest
import time_machine

CLOCK_VARIABLE = "TEST_CLOCK_AT"
# Before every fixed date the factories and tests use (December 2026 onwards).
SUITE_EPOCH = "2026-11-02T12:00:00+09:00"


def instant_from(text):
    start = dt.datetime.fromisoformat(text)
    if start.tzinfo is None:
        raise pytest.UsageError(f"{text!r} needs an offset, e.g. 2027-03-31T23:59:00+09:00")
    return start


class SuiteClock:
    """One ticking clock for the process, started before the first test that needs it and
    stopped before the first browser test (they run last)."""

    def __init__(self, instant):
        self.instant = instant
        self.traveller = None

    def start(self):
        if self.traveller is None:
            self.traveller = time_machine.travel(instant_from(self.instant), tick=True)
            self.traveller.start()
            os.environ[CLOCK_VARIABLE] = self.instant

    def stop(self):
        if self.traveller is not None:
            self.traveller.stop()
            self.traveller = None
            os.environ.pop(CLOCK_VARIABLE, None)


def server_clock_environment():
    """The environment that starts an app server's clock where the tests' clock is now."""
    if CLOCK_VARIABLE not in os.environ:
        return {}
    return {CLOCK_VARIABLE: dt.datetime.now(dt.UTC).isoformat()}
