"""/feeds/events.json: the events as a JSON Feed 1.1 (https://jsonfeed.org/version/1.1).

Items are events; what JSON Feed has no words for (sessions, venue, status) is in the `_kamagaya`
extension object, as the specification asks of extensions.
"""

from home.structured_data import place_name
from jp.time import TOKYO

from .event_text import event_description, marked_title
from .listing import event_id

VERSION = "https://jsonfeed.org/version/1.1"


def tokyo_iso(moment):
    return moment.astimezone(TOKYO).isoformat()


def venue_data(event):
    venue = event.venue
    if venue is None:
        return None
    return {
        "name": place_name(event),
        "address": venue.address,
        "latitude": None if venue.latitude is None else float(venue.latitude),
        "longitude": None if venue.longitude is None else float(venue.longitude),
    }


def publication_dates(event):
    """date_published and date_modified, left out rather than null for a page never published."""
    dates = {"date_published": event.first_published_at, "date_modified": event.last_published_at}
    return {name: tokyo_iso(moment) for name, moment in dates.items() if moment}


def feed_item(event, listing):
    return {
        "id": event_id(event),
        "url": listing.url_for(event),
        "title": marked_title(event),
        "content_text": event_description(event),
        "summary": event.summary,
        **publication_dates(event),
        "tags": [audience.name for audience in event.audiences.all()],
        "_kamagaya": {
            "sessions": [
                {
                    "uid": str(session.uid),
                    "start": tokyo_iso(session.starts_at),
                    "end": tokyo_iso(session.ends_at),
                    "all_day": session.all_day,
                }
                for session in event.sessions.all()
            ],
            "venue": venue_data(event),
            "online_url": event.online_url,
            "status": event.status,
            "status_note": event.status_note,
            "audiences": [
                {"slug": audience.slug, "name": audience.name} for audience in event.audiences.all()
            ],
            "for_schools": event.for_schools,
            "is_sample": event.is_sample,
        },
    }


def json_feed(listing):
    """The feed as a dict, ready for json.dumps."""
    return {
        "version": VERSION,
        "title": listing.title,
        "home_page_url": listing.home_url,
        "feed_url": listing.feed_url,
        "language": "ja",
        "items": [feed_item(event, listing) for event in listing.events],
    }
