"""Signage previews of an event or a notice being edited, for the admin's preview panel.

The kiosk's own template, slides, style sheet and font render the editor's unsaved version
alone, as a screen without a venue of its own would show it, inside a frame of the screen's
resolution scaled to the panel. Nothing is stored and no URL outside the admin's permission-
checked preview view ever shows it; the kiosk script is left out, so the frame never polls the
API or sends a heartbeat, and needs no registered screen.
"""

from django.shortcuts import render
from django.template.loader import render_to_string

from cms.channel_names import ScreenOrientation
from graphql_api.signage.content import entry, notice
from graphql_api.signage.slides import Shown, build_slides
from home.models import EventPage, NoticePage, NoticePriority
from home.preview.channels import PreviewChannel, dated_sessions, register_preview_channel
from jp.time import tokyo_date, tokyo_now

from .clock import clock_context

SIZES = {ScreenOrientation.LANDSCAPE: (1920, 1080), ScreenOrientation.PORTRAIT: (1080, 1920)}
LABELS = {
    ScreenOrientation.LANDSCAPE: "サイネージ（横）",
    ScreenOrientation.PORTRAIT: "サイネージ（縦）",
}
# What the kiosk's template reads of the content, for a screen without a venue that is open: a
# closed screen would show only its clock.
PREVIEW_SCREEN = {"name": "プレビュー", "venue": None, "isOpenNow": True}
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


def event_lists(event, now):
    """(the lists showing the event's next session, no emergency, where it shows, why it would
    not), with the entry the API would send for it."""
    sessions = dated_sessions(event)
    warnings = [] if event.show_on_signage else [HIDDEN_FROM_SIGNAGE]
    if not sessions:
        return Shown(), [], EVENT_WHERE, [*warnings, NO_DATES]
    upcoming = [session for session in sessions if session.ends_at > now]
    if not upcoming:
        shown = Shown(this_week=[entry(event, sessions[-1])])
        return shown, [], EVENT_WHERE, [*warnings, ALL_ENDED]
    session = upcoming[0]
    listed = [entry(event, session)]
    on_the_day = tokyo_date(session.starts_at) <= tokyo_date(now)
    shown = Shown(today=listed) if on_the_day else Shown(this_week=listed)
    return shown, [], EVENT_WHERE, warnings


def notice_lists(page, now):
    """As event_lists, for a notice: an emergency takes the whole screen instead of a slide."""
    item = notice(page)
    warnings = [NOTICE_ENDED] if page.expire_at and page.expire_at <= now else []
    if page.priority == NoticePriority.EMERGENCY:
        return Shown(), [item], EMERGENCY_TAKES_OVER, warnings
    return Shown(notices=[item]), [], NOTICE_WHERE, warnings


def screen_document(shown, emergency, orientation, now):
    """The kiosk page as signage/views.py renders it, without its script and configuration."""
    screen = {**PREVIEW_SCREEN, "orientation": orientation.name}
    return render_to_string(
        "signage/screen.html",
        {
            "screen": screen,
            "content": {"contentVersion": "preview", "screen": screen},
            "slides": build_slides(shown, orientation),
            "emergency": emergency[:1],
            **clock_context(now),
        },
    )


def signage_preview(orientation):
    def render_preview(request, page):
        now = tokyo_now()
        page_lists = event_lists if isinstance(page, EventPage) else notice_lists
        shown, emergency, where, warnings = page_lists(page, now)
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
                "screen_document": screen_document(shown, emergency, orientation, now),
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
