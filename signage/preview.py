"""Signage previews of an event or a notice being edited, for the admin's preview panel.

The kiosk's own template, slides, style sheet and font render the editor's unsaved version
alone, as a screen without a venue of its own would show it, inside a frame of the screen's
resolution scaled to the panel. Nothing is stored and no URL outside the admin's permission-
checked preview view ever shows it; the kiosk script is left out, so the frame never polls the
API or sends a heartbeat, and needs no registered screen.
"""

from django.shortcuts import render
from django.template.loader import render_to_string

from graphql_api.events.types import EventStatusEnum
from graphql_api.notices.types import NoticePriorityEnum
from graphql_api.signage.content import plain_text
from home.models import EventPage, NoticePage
from home.models.notices import NoticePriority
from home.preview_channels import (
    PreviewChannel,
    dated_sessions,
    register_preview_channel,
    tokyo_iso,
)
from jp.formatting import japanese_date
from jp.time import tokyo_date, tokyo_now

from .models import Orientation
from .slides import build_slides, month_day

SIZES = {Orientation.LANDSCAPE: (1920, 1080), Orientation.PORTRAIT: (1080, 1920)}
LABELS = {Orientation.LANDSCAPE: "サイネージ（横）", Orientation.PORTRAIT: "サイネージ（縦）"}
# The preview always shows its slide: a closed screen would show only its clock.
ALWAYS_OPEN = {"opensAt": "00:00:00", "closesAt": "23:59:59.999999", "isOpenNow": True}
HIDDEN_FROM_SIGNAGE = (
    "「館内の案内画面に表示する」がオフのため、このイベントはサイネージに表示されません。"
)
NO_DATES = "日程が入力されていないため、このイベントはサイネージに表示されません。"
ALL_ENDED = "すべての日程が終わっているため、このイベントはサイネージに表示されません。"
NOTICE_ENDED = "公開終了日時を過ぎているため、このお知らせはサイネージに表示されません。"
EMERGENCY_TAKES_OVER = (
    "「緊急」のお知らせは、表示期間中すべての画面で、ほかの表示に代わって全面に表示されます。"
)
EVENT_WHERE = (
    "イベントは、開催日の1週間前から「これから1週間のイベント」に、当日は「本日のイベント」に、"
    "ほかのイベントと一緒に表示されます。"
)
NOTICE_WHERE = "お知らせは、表示期間中「お知らせ」のスライドに表示されます。"


def event_entry(event, session):
    """One row of the signage query's `today`/`thisWeek` lists."""
    return {
        "title": event.title,
        "room": event.room,
        "venueName": event.venue.name if event.venue_id else None,
        "atScreenVenue": False,
        "startsAt": tokyo_iso(session.starts_at),
        "endsAt": tokyo_iso(session.ends_at),
        "allDay": session.all_day,
        "status": EventStatusEnum(event.status).name,
        "statusLabel": event.get_status_display(),
        "isSample": event.is_sample,
    }


def event_lists(event, now):
    """The lists that show the event's next session, where it shows, and why it would not."""
    sessions = dated_sessions(event)
    warnings = [] if event.show_on_signage else [HIDDEN_FROM_SIGNAGE]
    if not sessions:
        return {}, EVENT_WHERE, [*warnings, NO_DATES]
    upcoming = [session for session in sessions if session.ends_at > now]
    if not upcoming:
        return {"thisWeek": [event_entry(event, sessions[-1])]}, EVENT_WHERE, [*warnings, ALL_ENDED]
    session = upcoming[0]
    on_the_day = tokyo_date(session.starts_at) <= tokyo_date(now)
    lists = {"today" if on_the_day else "thisWeek": [event_entry(event, session)]}
    return lists, EVENT_WHERE, warnings


def notice_lists(notice, now):
    item = {
        "title": notice.title,
        "priority": NoticePriorityEnum(notice.priority).name,
        "text": plain_text(notice.body),
        "displayUntil": tokyo_iso(notice.expire_at),
        "isSample": notice.is_sample,
    }
    warnings = [NOTICE_ENDED] if notice.expire_at and notice.expire_at <= now else []
    if notice.priority == NoticePriority.EMERGENCY:
        return {"emergency": [item]}, EMERGENCY_TAKES_OVER, warnings
    return {"notices": [item]}, NOTICE_WHERE, warnings


def preview_content(page, orientation, now):
    """The signage query's answer, in its shape, holding only `page`, and the editor's notes:
    where the page will show, and why it will not."""
    page_lists = event_lists if isinstance(page, EventPage) else notice_lists
    lists, where, warnings = page_lists(page, now)
    content = {
        "contentVersion": "preview",
        "screen": {"name": "プレビュー", "orientation": orientation.name, "venue": None},
        "emergency": [],
        "nowAndNext": [],
        "today": [],
        "thisWeek": [],
        "recruitingGroups": [],
        "notices": [],
        **lists,
    }
    content["screen"].update(ALWAYS_OPEN)
    return content, where, warnings


def screen_document(content, now):
    """The kiosk page as signage/views.py renders it, without its script and configuration."""
    return render_to_string(
        "signage/screen.html",
        {
            "screen": content["screen"],
            "content": content,
            "slides": build_slides(content),
            "emergency": content["emergency"][:1],
            "clock": f"{now:%H:%M}",
            "date": month_day(now),
            "full_date": japanese_date(now),
        },
    )


def signage_preview(orientation):
    def render_preview(request, page):
        now = tokyo_now()
        content, where, warnings = preview_content(page, orientation, now)
        width, height = SIZES[orientation]
        return render(
            request,
            "signage/preview.html",
            {
                "page": page,
                "label": LABELS[orientation],
                "where": where,
                "warnings": warnings,
                "width": width,
                "height": height,
                "screen_document": screen_document(content, now),
            },
        )

    return render_preview


def register_previews():
    page_types = frozenset({EventPage._meta.label, NoticePage._meta.label})
    for position, orientation in enumerate(SIZES, start=1):
        register_preview_channel(
            PreviewChannel(
                mode=f"signage-{orientation.value}",
                label=LABELS[orientation],
                page_types=page_types,
                render=signage_preview(orientation),
                position=position,
            )
        )
