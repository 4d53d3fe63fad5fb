"""The floor: the GraphQL events list's `data`, built by hand with the ORM and JsonResponse.

It answers bench/queries/events_list.graphql byte for byte in content (tests/bench/test_baselines.py
holds it to that), so the benchmark's ratio measures what the GraphQL layer costs on top of the
same queries, not a difference in work. The event set and order come from the models' query rules, the
function the GraphQL `events` field calls.
"""

from django.db.models import Prefetch
from django.http import JsonResponse

from cms.public_address import absolute_url
from home.models import EventPage, EventSession, GroupPage
from jp.time import TOKYO

from .endpoints import EVENT_LIMIT

# The GraphQL ImagePreset.CARD the benchmarked query asks for.
CARD_FILTER = "fill-640x360"


def tokyo_iso(value):
    return value.astimezone(TOKYO).isoformat() if value else None


def session_json(session):
    return {
        "startsAt": tokyo_iso(session.starts_at),
        "endsAt": tokyo_iso(session.ends_at),
        "allDay": session.all_day,
    }


def image_json(request, image):
    if image is None:
        return None
    rendition = image.get_rendition(CARD_FILTER)
    return {
        "alt": image.description,
        "rendition": {
            "url": absolute_url(rendition.url),
            "width": rendition.width,
            "height": rendition.height,
        },
    }


def event_json(request, event):
    venue = event.venue
    return {
        "id": str(event.pk),
        "title": event.title,
        "summary": event.summary,
        "url": absolute_url(event.get_url(request)),
        # GraphQL enum names are the upper-cased model values (EventStatusEnum).
        "status": event.status.upper(),
        "statusLabel": event.get_status_display(),
        "isSample": event.is_sample,
        "sessions": [session_json(session) for session in event.sessions.all()],
        "venue": venue and {"name": venue.name, "address": venue.address},
        "audiences": [{"slug": a.slug, "name": a.name} for a in event.audiences.all()],
        "organisers": [
            {"name": group.title, "url": absolute_url(group.get_url(request))}
            for group in event.organisers.all()
        ],
        "image": image_json(request, event.image),
    }


def events_json(request):
    """GET: the next 50 public events as the GraphQL list returns them, under `data`'s shape."""
    events = EventPage.objects.upcoming()
    page = events.select_related("venue", "image").prefetch_related(
        Prefetch("sessions", queryset=EventSession.objects.order_by("starts_at", "pk")),
        "audiences",
        # A draft or restricted group must not appear through an event, as in the API.
        Prefetch("organisers", queryset=GroupPage.objects.public()),
        "image__renditions",
    )[:EVENT_LIMIT]
    data = {
        "events": {
            "totalCount": events.count(),
            "results": [event_json(request, event) for event in page],
        }
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
