"""The school widget's preview of an event being edited, for the admin's preview panel.

The widget (static/widget/events.js) runs unchanged in a page shaped like a school's own; its one
request to the API is answered with the unsaved event, in the shape the API gives it
(static/preview/widget-preview.js), so nothing unpublished goes through the public API.
"""

from django.shortcuts import render

from .channels import dated_sessions, tokyo_iso


def widget_event(event):
    """The event as the widget's query (`results { title url status … }`) returns it."""
    return {
        "title": event.title,
        "url": event.get_full_url() or "",
        # The API's enum names are the stored values in capitals.
        "status": event.status.upper(),
        "statusLabel": event.get_status_display(),
        "isSample": event.is_sample,
        "sessions": [
            {
                "startsAt": tokyo_iso(session.starts_at),
                "endsAt": tokyo_iso(session.ends_at),
                "allDay": session.all_day,
            }
            for session in dated_sessions(event)
        ],
        "venue": {"name": event.venue.name} if event.venue_id else None,
    }


def widget_preview(request, event):
    return render(
        request,
        "home/preview/widget.html",
        {"page": event, "widget_events": [widget_event(event)]},
    )
