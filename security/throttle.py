"""Attempt counters for the admin's sign-in (password and two-factor code) and password-reset
forms, in the shared cache.

With REDIS_URL set the default cache is shared by every gunicorn worker and app server, so a
limit holds for the whole site. A counter starts with the first attempt and expires a window
later; while any of a request's counters is at its limit, the form is not even looked at.

When the cache cannot be reached, nothing is counted and nobody is locked out: a Redis outage
must not keep every editor out of the admin (caching.backends.FailSafeRedisCache answers reads
with a miss; its counters raise, which is caught here).
"""

import hashlib
import logging
from dataclasses import dataclass

from django.core.cache import cache

from cms.channel_names import remote_address

logger = logging.getLogger(__name__)

WINDOW_SECONDS = 15 * 60
SUBJECT, ADDRESS = "subject", "address"


def client_address(request):
    """The address a request counts against, as for the API's limits; none without a request."""
    return remote_address(request) if request is not None else ""


def subject_digest(subject):
    """A username or e-mail address as a cache key part: case-folded (so ADMIN and admin share a
    count) and hashed (no personal data in the cache, no odd characters in keys)."""
    return hashlib.sha256(subject.strip().casefold().encode()).hexdigest()


@dataclass(frozen=True)
class Throttle:
    """Attempts per subject (a username, an e-mail address) and per client address."""

    key: str  # cache key part
    attempts: str  # what is counted, for the log
    subject_label: str
    per_subject: int
    per_address: int
    window_seconds: int = WINDOW_SECONDS

    def _subject_key(self, subject):
        return f"security:{self.key}:{SUBJECT}:{subject_digest(subject)}"

    def _counters(self, subject, address):
        """(what is counted, cache key, limit) for each counter this attempt belongs to."""
        counters = [(ADDRESS, f"security:{self.key}:{ADDRESS}:{address}", self.per_address)]
        if subject.strip():
            counters.append((SUBJECT, self._subject_key(subject), self.per_subject))
        return counters

    def is_locked(self, subject, address):
        counters = self._counters(subject, address)
        counts = cache.get_many([key for _, key, _ in counters])
        return any(counts.get(key, 0) >= limit for _, key, limit in counters)

    def count(self, subject, address):
        """Count one attempt; returns what it brought to its limit (SUBJECT, ADDRESS), if any."""
        reached = []
        for counted, key, limit in self._counters(subject, address):
            try:
                # add() is a no-op while a window runs; incr() keeps the window's expiry.
                cache.add(key, 0, timeout=self.window_seconds)
                try:
                    attempts = cache.incr(key)
                except ValueError:
                    # Expired between add() and incr(): this attempt opens a new window.
                    cache.set(key, 1, timeout=self.window_seconds)
                    attempts = 1
            # Each backend raises its own errors on an outage; the attempt goes uncounted.
            except Exception:
                logger.warning(
                    "The cache cannot be reached: %s attempts go uncounted.", self.attempts
                )
                return []
            if attempts == limit:
                reached.append(counted)
        return reached

    def describe(self, reached):
        """Why a counter reached its limit, for the log."""
        if reached == ADDRESS:
            return f"{self.per_address} {self.attempts} attempts from this address"
        return f"{self.per_subject} {self.attempts} attempts for this {self.subject_label}"

    def forget_subject(self, subject):
        cache.delete(self._subject_key(subject))


# City staff share the city hall's outgoing address, so an address may fail more often than one
# account before it is shut out: colleagues' typos must not lock the whole office out.
LOGIN = Throttle("login", "failed sign-in", "username", per_subject=5, per_address=20)
# Wrong codes after the right password (security/twofactor/): counted apart, as accepting the
# password has just cleared the username's sign-in count; a code accepted clears this one.
TWO_FACTOR = Throttle(
    "two-factor", "failed two-factor code", "username", per_subject=5, per_address=20
)
# Every request sends an e-mail; the limits keep the form from being used to flood a mailbox.
PASSWORD_RESET = Throttle(
    "password-reset", "password reset", "e-mail address", per_subject=5, per_address=20
)
