"""What a feed lists: the events home.queries finds, with what every format writes about them.

The number of queries does not grow with the number of events: the venue is joined, sessions,
audiences and public organisers are prefetched once each, and SEQUENCE numbers (ICS) are one
aggregate in feeds/ical.py.
"""

from dataclasses import dataclass
from functools import cached_property

from django.db.models import Prefetch
from django.utils import timezone

from cms.public_address import absolute_url
from home.models import EventIndexPage, EventPage, EventSession
from home.models.visibility import public_pages

from .event_text import public_organisers
from .ical import UID_DOMAIN

# The partner key authenticates one consumer; it must not travel inside a feed they pass on.
PRIVATE_PARAMETERS = ("key",)


def event_id(event):
    """An event's id in every feed (JSON Feed id, RSS guid): it outlives title and slug changes."""
    return f"event-{event.pk}@{UID_DOMAIN}"


@dataclass(frozen=True)
class FeedListing:
    events: list
    title: str
    feed_url: str  # this feed, filters included
    now: object
    request: object

    def url_for(self, event):
        return event.get_full_url(self.request)

    @cached_property
    def home_url(self):
        """The website's event list; only the formats that link to it pay for the query."""
        index = public_pages(EventIndexPage.objects.all(), self.now).first()
        return index.get_full_url(self.request) if index else absolute_url("/")


def feed_url(request):
    params = request.GET.copy()
    for name in PRIVATE_PARAMETERS:
        params.pop(name, None)
    query = params.urlencode()
    return absolute_url(request.path + (f"?{query}" if query else ""))


def feed_listing(request, parameters, *, cap=None, audiences=False, organisers=False):
    """The events of a feed, each with its venue and sessions in start order.

    `audiences` prefetches each event's audiences, `organisers` its public organising groups as
    `public_organisers` (a draft group's name must not appear through an event).
    """
    now = timezone.now()
    related = [Prefetch("sessions", queryset=EventSession.objects.order_by("starts_at", "pk"))]
    if audiences:
        related.append("audiences")
    if organisers:
        related.append(public_organisers(now))
    events = EventPage.objects.find(parameters.criteria, now).select_related("venue")
    events = events.prefetch_related(*related)
    limit = parameters.limit or cap
    if limit:
        events = events[:limit]
    return FeedListing(
        events=list(events),
        title=parameters.title,
        feed_url=feed_url(request),
        now=now,
        request=request,
    )
