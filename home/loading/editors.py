"""The city's two editor roles and the approval workflow that connects them.

編集者 (editors) write and submit pages; 承認者 (approvers) review, approve and publish them.
Page permissions are granted on the home page, so they cover the whole site. Pictures and
documents are uploaded into a collection the roles own; every collection's files can be chosen.
Wagtail's own default groups and workflow are folded into these, so a person is given one of
the two Japanese roles and nothing else.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from ..models import EventIndexPage
from ..models.accounts import APPROVERS, EDITORS, MEMBERS

WORKFLOW_NAME = "承認ワークフロー"
APPROVAL_TASK_NAME = "承認者による承認"

PAGE_PERMISSIONS = {
    EDITORS: ("add", "change"),
    APPROVERS: ("add", "change", "publish", "lock", "unlock"),
}
PORTAL_COLLECTION = "かまがや協働ポータル"
# Wagtail checks image permissions against its own Image model (wagtailimages.*_image) even when
# WAGTAILIMAGES_IMAGE_MODEL is a custom model; home.*_customimage rows are never consulted.
# "add" also lets a person edit and delete what they uploaded themselves (Wagtail's ownership
# rule); "change"/"delete" reach everyone's uploads, so only approvers have them.
UPLOAD_PERMISSIONS = {
    EDITORS: ("add",),
    APPROVERS: ("add", "change", "delete"),
}
# Choosing is granted on the root collection, so pictures in any collection (the sample images
# included) can be put on a page.
MEDIA_APPS = (("wagtailimages", "image"), ("wagtaildocs", "document"))
# Wagtail's data migrations create these; load_plan moves their members to the Japanese roles.
WAGTAIL_DEFAULT_GROUPS = {"Editors": EDITORS, "Moderators": APPROVERS}
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"
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
        # Lets the site history show who invited, joined and removed group members.
        "view_groupaccount",
    ),
}
SETTINGS_PERMISSIONS = {APPROVERS: ("change_contactsettings",)}
# 団体メンバー (home/models/accounts.py): members of a citizen group. Their own pages come from
# their group's auth group (home/editing/members.py); this role adds the admin, events under the
# event list, choosing venues, and choosing and uploading pictures and documents.
MEMBER_PERMISSIONS = (("wagtailadmin", "access_admin"), ("home", "view_venue"))


def permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def collection_permissions(name, root_collection, portal_collection):
    """The (collection, permission) pairs a role should hold for pictures and documents."""
    wanted = set()
    for app_label, model in MEDIA_APPS:
        wanted.add((root_collection.pk, permission(app_label, f"choose_{model}").pk))
        for action in UPLOAD_PERMISSIONS[name]:
            wanted.add((portal_collection.pk, permission(app_label, f"{action}_{model}").pk))
    return wanted


def ensure_collection_permissions(group, wanted):
    """Exactly `wanted` for the media apps: extra rows from an earlier version are removed."""
    media_rows = GroupCollectionPermission.objects.filter(
        group=group, permission__content_type__app_label__in=[app for app, _ in MEDIA_APPS]
    )
    media_rows.exclude(
        pk__in=[row.pk for row in media_rows if (row.collection_id, row.permission_id) in wanted]
    ).delete()
    for collection_id, permission_id in wanted:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection_id=collection_id, permission_id=permission_id
        )


def ensure_portal_collection(root_collection):
    existing = root_collection.get_children().filter(name=PORTAL_COLLECTION).first()
    return existing or root_collection.add_child(instance=Collection(name=PORTAL_COLLECTION))


def fold_in_wagtail_default_groups():
    """Members of Wagtail's "Editors"/"Moderators" join 編集者/承認者; the English groups go."""
    for default_name, role_name in WAGTAIL_DEFAULT_GROUPS.items():
        default_group = Group.objects.filter(name=default_name).first()
        if default_group is None:
            continue
        role = Group.objects.get(name=role_name)
        role.user_set.add(*default_group.user_set.all())
        default_group.delete()
    # The default workflow sits on the root page, above the site; ours on the home page is the
    # one every page uses. Deactivated rather than deleted, so past workflow history stays.
    Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW, active=True).update(active=False)
    Task.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW, active=True).update(active=False)


def ensure_group(name, home, root_collection, portal_collection):
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
    ensure_collection_permissions(
        group, collection_permissions(name, root_collection, portal_collection)
    )
    return group


def ensure_members_role(portal_collection):
    role, _ = Group.objects.get_or_create(name=MEMBERS)
    role.permissions.add(*(permission(app, codename) for app, codename in MEMBER_PERMISSIONS))
    events = EventIndexPage.objects.first()
    if events is not None:
        GroupPagePermission.objects.get_or_create(
            group=role, page=events, permission=permission("wagtailcore", "add_page")
        )
    root = Collection.get_first_root_node()
    for app_label, model in MEDIA_APPS:
        for collection, action in ((root, "choose"), (portal_collection, "add")):
            GroupCollectionPermission.objects.get_or_create(
                group=role,
                collection=collection,
                permission=permission(app_label, f"{action}_{model}"),
            )
    return role


@transaction.atomic
def ensure_editor_roles(home):
    """Groups, permissions and the approval workflow on the whole site. Safe to run again."""
    root_collection = Collection.get_first_root_node()
    portal_collection = ensure_portal_collection(root_collection)
    ensure_group(EDITORS, home, root_collection, portal_collection)
    approvers = ensure_group(APPROVERS, home, root_collection, portal_collection)
    ensure_members_role(portal_collection)
    fold_in_wagtail_default_groups()

    task, _ = GroupApprovalTask.objects.get_or_create(name=APPROVAL_TASK_NAME)
    task.groups.add(approvers)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
    return workflow
