"""The feed views: read the parameters, list the events, write them in one format.

Feeds are an API channel, so problems are explained in English, as plain text with status 400.
"""

import json
from functools import wraps

from django.core.validators import slug_unicode_re
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header

from home.models import EventPage

from .ical import calendar_feed, default_first_day, event_calendar
from .jsonfeed import json_feed
from .listing import feed_listing
from .opendata_csv import FILENAME, opendata_csv
from .params import BadFeedParameters, read_parameters
from .rss import rss_feed

FEED_METHODS = ("GET", "HEAD")
OTHER_METHOD_MESSAGE = "Feeds are read with GET or HEAD only."
# On the refusals, whose messages are English; everything public is `ja` otherwise.
ENGLISH = {"Content-Language": "en"}
# A calendar subscription holds the soonest events up to this many: enough for years of the
# city's events, and a bound on what one request costs (filters give narrower feeds).
ICS_MAX_EVENTS = 1000
# Both .ics bodies say METHOD:PUBLISH, and RFC 5545 8.1 has the media type carry the same method.
CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8; method=PUBLISH"


def read_only(view):
    """GET and HEAD only, as require_safe, but saying so in English like every feed refusal."""

    @wraps(view)
    def checked(request):
        if request.method not in FEED_METHODS:
            return HttpResponseNotAllowed(
                FEED_METHODS,
                OTHER_METHOD_MESSAGE,
                content_type="text/plain; charset=utf-8",
                headers=ENGLISH,
            )
        return view(request)

    return checked


def serve_feed(
    request, write, content_type, *, default_from=None, with_limit=False, cap=None, **related
):
    """`write(listing)` for the request's parameters, or 400 saying what is wrong with them.

    `cap` bounds a feed without a `limit` parameter; `related` names what the format needs
    prefetched (see feed_listing). Caching headers come from the response cache (caching/).
    """
    try:
        parameters = read_parameters(request.GET, default_from=default_from, with_limit=with_limit)
    except BadFeedParameters as error:
        return HttpResponseBadRequest(
            str(error), content_type="text/plain; charset=utf-8", headers=ENGLISH
        )
    listing = feed_listing(request, parameters, cap=cap, **related)
    return HttpResponse(write(listing), content_type=content_type)


@read_only
def events_ics(request):
    """Sessions from 30 days ago on, so recent and cancelled ones stay in subscribed calendars."""
    return serve_feed(
        request,
        calendar_feed,
        CALENDAR_CONTENT_TYPE,
        default_from=default_first_day(),
        cap=ICS_MAX_EVENTS,
        organisers=True,
    )


@read_only
def events_json(request):
    return serve_feed(
        request,
        lambda listing: json.dumps(json_feed(listing), ensure_ascii=False),
        "application/feed+json; charset=utf-8",
        with_limit=True,
        audiences=True,
    )


@read_only
def events_rss(request):
    return serve_feed(
        request,
        rss_feed,
        "application/rss+xml; charset=utf-8",
        with_limit=True,
        audiences=True,
    )


@read_only
def events_csv(request):
    response = serve_feed(request, opendata_csv, "text/csv; charset=utf-8", organisers=True)
    if response.status_code == 200:
        response["Content-Disposition"] = content_disposition_header(True, FILENAME)
    return response


def event_calendar_view(request, slug):
    """/events/<slug>/calendar.ics for a public event; drafts, expired and restricted ones 404."""
    # The URL takes any text; only a slug can name a page, and PostgreSQL refuses some text
    # (a NUL character) outright, which would be a server error rather than "no such event".
    if not slug_unicode_re.fullmatch(slug):
        raise Http404("No such event.")
    event = get_object_or_404(EventPage.objects.public().select_related("venue"), slug=slug)
    response = HttpResponse(
        event_calendar(event, event.get_full_url(request)),
        content_type=CALENDAR_CONTENT_TYPE,
    )
    response["Content-Disposition"] = content_disposition_header(True, f"{slug}.ics")
    return response
