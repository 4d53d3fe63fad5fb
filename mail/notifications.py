"""Wagtail's workflow e-mails (wagtail/admin/mail.py), with what the Japanese templates in
templates/wagtailadmin/notifications/ need: who submitted, who reviewed and the reviewer's comment,
on approval as on a send-back."""

import logging

from wagtail.admin.mail import (
    GroupApprovalTaskStateSubmissionEmailNotifier,
    WorkflowStateApprovalEmailNotifier,
    WorkflowStateRejectionEmailNotifier,
)
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected

logger = logging.getLogger(__name__)


def person_name(user):
    """A person as Japanese writes them, family name first; the user name when none is set, and
    nothing for a user since deleted."""
    if user is None:
        return ""
    return f"{user.last_name} {user.first_name}".strip() or user.get_username()


class FailureLoggedMixin:
    def send_emails(self, template_set, context, recipients, **kwargs):
        # Wagtail logs a refused or timed-out connection itself; any other failure to open one (a
        # wrong password, a TLS mismatch: smtplib and ssl errors are OSErrors) would propagate into
        # the workflow step, roll back the approval the mail is about and show an error page.
        try:
            return super().send_emails(template_set, context, recipients, **kwargs)
        except OSError:
            logger.exception("Workflow notification not sent: the mail server failed")
            return False


class SubmissionNotifier(FailureLoggedMixin, GroupApprovalTaskStateSubmissionEmailNotifier):
    """To the task's approvers when a page is submitted (or resubmitted after a send-back)."""

    def get_context(self, task_state, **kwargs):
        context = super().get_context(task_state, **kwargs)
        # Whoever submitted this time, who need not be the person who started the workflow.
        submitter = kwargs.get("user") or task_state.workflow_state.requested_by
        context["submitter_name"] = person_name(submitter)
        return context


class ReviewMixin:
    def get_context(self, workflow_state, **kwargs):
        context = super().get_context(workflow_state, **kwargs)
        # The task state that ended the workflow or sent it back; a finished workflow keeps it.
        task_state = workflow_state.current_task_state.specific
        context.update(
            task=task_state.task,
            task_state=task_state,
            comment=task_state.get_comment(),
            reviewer_name=person_name(task_state.finished_by),
        )
        return context


class ApprovalNotifier(FailureLoggedMixin, ReviewMixin, WorkflowStateApprovalEmailNotifier):
    """To the submitter when the workflow is approved."""


class RejectionNotifier(FailureLoggedMixin, ReviewMixin, WorkflowStateRejectionEmailNotifier):
    """To the submitter when a task is rejected (差し戻し)."""


# Wagtail's dispatch_uids (wagtail/admin/signal_handlers.py): a receiver is connected once per
# dispatch_uid and sender, so these take the place of Wagtail's whichever app is ready first.
NOTIFIERS = (
    (
        task_submitted,
        TaskState,
        "group_approval_task_submitted_email_notification",
        SubmissionNotifier(),
    ),
    (
        workflow_approved,
        WorkflowState,
        "workflow_state_approved_email_notification",
        ApprovalNotifier(),
    ),
    (
        workflow_rejected,
        WorkflowState,
        "workflow_state_rejected_email_notification",
        RejectionNotifier(),
    ),
)


def connect():
    for signal, sender, dispatch_uid, notifier in NOTIFIERS:
        signal.disconnect(sender=sender, dispatch_uid=dispatch_uid)
        signal.connect(notifier, sender=sender, dispatch_uid=dispatch_uid)
