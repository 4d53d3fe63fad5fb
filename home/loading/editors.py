"""The city's two editor roles and the approval workflow that connects them.

編集者 (editors) write and submit pages; 承認者 (approvers) review, approve and publish them.
Page permissions are granted on the home page, so they cover the whole site.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

EDITORS = "編集者"
APPROVERS = "承認者"
WORKFLOW_NAME = "承認ワークフロー"
APPROVAL_TASK_NAME = "承認者による承認"

PAGE_PERMISSIONS = {
    EDITORS: ("add", "change"),
    APPROVERS: ("add", "change", "publish", "lock", "unlock"),
}
IMAGE_AND_DOCUMENT_PERMISSIONS = (
    ("home", "add_customimage"),
    ("home", "change_customimage"),
    ("home", "choose_customimage"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
)
# Editors keep venues up to date; approvers also curate the classification lists and set up
# the civic centre's signage screens.
SNIPPET_PERMISSIONS = {
    EDITORS: ("add_venue", "change_venue", "view_venue"),
    APPROVERS: (
        "add_venue",
        "change_venue",
        "view_venue",
        "add_activityfield",
        "change_activityfield",
        "view_activityfield",
        "add_audience",
        "change_audience",
        "view_audience",
        "add_district",
        "change_district",
        "view_district",
        "signage.add_signagescreen",
        "signage.change_signagescreen",
        "signage.view_signagescreen",
    ),
}
SETTINGS_PERMISSIONS = {APPROVERS: ("change_contactsettings",)}


def permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def ensure_group(name, home, root_collection):
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.add(permission("wagtailadmin", "access_admin"))
    for entry in SNIPPET_PERMISSIONS.get(name, ()) + SETTINGS_PERMISSIONS.get(name, ()):
        # "codename" for the content models, "app_label.codename" for the channels' own models.
        app_label, _, codename = entry.rpartition(".")
        group.permissions.add(permission(app_label or "home", codename))
    for kind in PAGE_PERMISSIONS[name]:
        if not GroupPagePermission.objects.filter(
            group=group, page=home, permission__codename=f"{kind}_page"
        ).exists():
            GroupPagePermission.objects.create(group=group, page=home, permission_type=kind)
    for app_label, codename in IMAGE_AND_DOCUMENT_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root_collection, permission=permission(app_label, codename)
        )
    return group


@transaction.atomic
def ensure_editor_roles(home):
    """Groups, permissions and the approval workflow on the whole site. Safe to run again."""
    root_collection = Collection.get_first_root_node()
    ensure_group(EDITORS, home, root_collection)
    approvers = ensure_group(APPROVERS, home, root_collection)

    task, _ = GroupApprovalTask.objects.get_or_create(name=APPROVAL_TASK_NAME)
    task.groups.add(approvers)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
    return workflow
