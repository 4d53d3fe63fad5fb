"""The approval workflow: 編集者 write and submit, 承認者 approve, and only then is a page public."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import (
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.loading.editors import (
    APPROVAL_TASK_NAME,
    APPROVERS,
    WORKFLOW_NAME,
    ensure_editor_roles,
)
from home.loading.site import section
from home.models import GroupIndexPage, GroupPage
from tests.users import TEST_PASSWORD

GROUP_SLUG = "kunugiyama"


def group_form_data(action):
    return {
        **nested_form_data(
            {
                "title": "くぬぎ山の自然を守る会",
                "slug": GROUP_SLUG,
                "name_kana": "くぬぎやまのしぜんをまもるかい",
                "organisation_type": "citizen_group",
                "summary": "里山の保全活動をしています",
                "description": rich_text("<p>毎月、雑木林の手入れをしています。</p>"),
                "sns_links": streamfield([]),
                "photos": inline_formset([]),
            }
        ),
        action: action,
    }


@pytest.fixture
def group_add_url():
    return reverse("wagtailadmin_pages:add", args=["home", "grouppage", section(GroupIndexPage).pk])


@pytest.fixture
def submitted_group(client, editor, group_add_url):
    """A group profile the editor has written and submitted for approval through the admin."""
    client.force_login(editor)
    client.post(group_add_url, group_form_data("action-submit"))
    client.logout()
    return GroupPage.objects.get(slug=GROUP_SLUG)


@pytest.mark.django_db
def test_editor_can_log_into_the_admin(client, editor):
    assert client.login(username="henshu", password=TEST_PASSWORD)

    response = client.get(reverse("wagtailadmin_home"))

    assert response.status_code == 200


@pytest.mark.django_db
def test_editor_submitting_a_new_group_starts_the_approval_task_without_publishing(
    client, editor, group_add_url
):
    client.force_login(editor)

    response = client.post(group_add_url, group_form_data("action-submit"))

    group = GroupPage.objects.get(slug=GROUP_SLUG)
    assert response.status_code == 302
    state = group.current_workflow_state
    assert (group.live, state.workflow.name, state.status, state.current_task_state.task.name) == (
        False,
        WORKFLOW_NAME,
        WorkflowState.STATUS_IN_PROGRESS,
        APPROVAL_TASK_NAME,
    )


@pytest.mark.django_db
def test_editor_cannot_publish_a_new_group_directly(client, editor, group_add_url):
    client.force_login(editor)

    client.post(group_add_url, group_form_data("action-publish"))

    group = GroupPage.objects.get(slug=GROUP_SLUG)
    assert (group.live, group.first_published_at, group.current_workflow_state) == (
        False,
        None,
        None,
    )


@pytest.mark.django_db
def test_editor_cannot_publish_a_submitted_group_from_the_edit_view(
    client, editor, submitted_group
):
    client.force_login(editor)
    edit_url = reverse("wagtailadmin_pages:edit", args=[submitted_group.pk])

    client.post(edit_url, group_form_data("action-publish"))

    submitted_group.refresh_from_db()
    assert (submitted_group.live, submitted_group.first_published_at) == (False, None)


@pytest.mark.django_db
def test_submitted_group_is_not_public(client, submitted_group):
    response = client.get(submitted_group.url)

    assert response.status_code == 404


@pytest.mark.django_db
def test_approver_approving_the_task_publishes_the_group(client, approver, submitted_group):
    task_state = submitted_group.current_workflow_task_state
    client.force_login(approver)

    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[submitted_group.pk, "approve", task_state.pk],
        ),
        {"comment": "確認しました"},
    )

    submitted_group.refresh_from_db()
    task_state.refresh_from_db()
    assert response.status_code == 302
    assert (submitted_group.live, submitted_group.current_workflow_state, task_state.status) == (
        True,
        None,
        "approved",
    )


@pytest.mark.django_db
def test_approved_group_is_public(client, approver, submitted_group):
    task_state = submitted_group.current_workflow_task_state
    client.force_login(approver)
    client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[submitted_group.pk, "approve", task_state.pk],
        ),
        {"comment": ""},
    )
    client.logout()

    response = client.get(submitted_group.url)

    assert response.status_code == 200
    assert "くぬぎ山の自然を守る会" in response.content.decode()


@pytest.mark.django_db
def test_editor_cannot_approve_their_own_submission(client, editor, submitted_group):
    task_state = submitted_group.current_workflow_task_state
    client.force_login(editor)

    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[submitted_group.pk, "approve", task_state.pk],
        ),
        {"comment": ""},
    )

    submitted_group.refresh_from_db()
    task_state.refresh_from_db()
    assert response.url == reverse("wagtailadmin_home")
    assert (submitted_group.live, task_state.status) == (False, "in_progress")


@pytest.mark.django_db
def test_approval_workflow_governs_pages_under_the_home_page(roles):
    workflow = section(GroupIndexPage).get_workflow()

    assert workflow.name == WORKFLOW_NAME
    assert [
        (task.name, [group.name for group in task.specific.groups.all()]) for task in workflow.tasks
    ] == [(APPROVAL_TASK_NAME, [APPROVERS])]


def role_counts():
    return {
        "groups": Group.objects.count(),
        "group permissions": Group.permissions.through.objects.count(),
        "page permissions": GroupPagePermission.objects.count(),
        "collection permissions": GroupCollectionPermission.objects.count(),
        "tasks": Task.objects.count(),
        "approval task groups": GroupApprovalTask.groups.through.objects.count(),
        "workflows": Workflow.objects.count(),
        "workflow tasks": WorkflowTask.objects.count(),
        "workflow pages": WorkflowPage.objects.count(),
    }


@pytest.mark.django_db
def test_ensure_editor_roles_run_twice_creates_nothing_more(roles):
    after_first_run = role_counts()

    ensure_editor_roles(roles)

    assert role_counts() == after_first_run
