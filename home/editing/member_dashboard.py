"""A group member's dashboard: their groups, their events, what waits for approval, and what was
sent back and why, with the way to add an event and to the guide."""

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from wagtail.admin.ui.components import Component
from wagtail.models import Page, WorkflowState

from ..models import EventIndexPage, EventPage
from .members import member_accounts, pages_member_may_edit

WAITING, SENT_BACK = "承認待ち", "差し戻し"


def workflow_notes(pages):
    """{page id: (state, reviewer's comment)} for the pages in an approval workflow."""
    page_type = ContentType.objects.get_for_model(Page)
    states = (
        WorkflowState.objects.active()
        .filter(base_content_type=page_type, object_id__in=[str(page.pk) for page in pages])
        .select_related("current_task_state")
    )
    notes = {}
    for state in states:
        task = state.current_task_state
        if state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            notes[int(state.object_id)] = (SENT_BACK, task.comment if task else "")
        else:
            notes[int(state.object_id)] = (WAITING, "")
    return notes


def page_row(page, notes):
    state, comment = notes.get(page.pk, ("", ""))
    if not state:
        state = "公開中" if page.live else "下書き"
        if page.live and page.has_unpublished_changes:
            state += "（未提出の変更あり）"
    return {
        "title": page.get_admin_display_title(),
        "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
        "state": state,
        "comment": comment,
        "starts_at": getattr(page, "starts_at", None),
    }


class MemberDashboardPanel(Component):
    name = "member_dashboard"
    order = 40
    template_name = "home/admin/member_dashboard_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        accounts = list(member_accounts(self.user))
        events = list(
            # Latest first: a group's recurring events share a title, their dates tell them apart.
            EventPage.objects.filter(pk__in=pages_member_may_edit(self.user)).order_by(
                "-starts_at", "-pk"
            )
        )
        groups = [account.page for account in accounts]
        notes = workflow_notes(groups + events)
        index = EventIndexPage.objects.first()
        return {
            "groups": [page_row(page, notes) for page in groups],
            "events": [page_row(page, notes) for page in events],
            "add_event_url": index
            and reverse("wagtailadmin_pages:add", args=["home", "eventpage", index.pk]),
            "guide_url": reverse("admin_guide"),
        }
