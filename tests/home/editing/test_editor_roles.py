"""The two city roles can do the whole job with pictures and documents, and they and 団体メンバー
(tests/home/editing/test_group_members.py) are the only roles a loaded site offers: Wagtail's
English default groups are folded into them."""

import io

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupCollectionPermission, Task, Workflow
from wagtail.permissions import policy_registry

from home.loading.editors import APPROVERS, EDITORS, MEMBERS, PORTAL_COLLECTION
from tests.users import member_of

pytestmark = pytest.mark.django_db


def png_bytes():
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), "orange").save(buffer, format="PNG")
    return buffer.getvalue()


def media_permissions(user, instance):
    policy = policy_registry.get_by_type(type(instance))
    on_instance = {
        action: policy.user_has_permission_for_instance(user, action, instance)
        for action in ("change", "delete", "choose")
    }
    return {"add": policy.user_has_permission(user, "add"), **on_instance}


def uploaded_by(user, model):
    collection = Collection.objects.get(name=PORTAL_COLLECTION)
    if model is get_image_model():
        file = SimpleUploadedFile("photo.png", png_bytes())
        return model.objects.create(
            title="写真", file=file, collection=collection, uploaded_by_user=user
        )
    file = SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 minutes")
    return model.objects.create(
        title="議事録", file=file, collection=collection, uploaded_by_user=user
    )


@pytest.fixture
def loaded(db):
    call_command("load_plan", verbosity=0)


def test_a_loaded_site_offers_only_the_japanese_roles(loaded):
    assert sorted(Group.objects.values_list("name", flat=True)) == sorted(
        [EDITORS, APPROVERS, MEMBERS]
    )
    assert list(Workflow.objects.filter(active=True).values_list("name", flat=True)) == [
        "承認ワークフロー"
    ]
    assert list(Task.objects.filter(active=True).values_list("name", flat=True)) == [
        "承認者による承認"
    ]


def test_members_of_wagtails_default_groups_keep_a_role(db):
    # Wagtail's migrations made "Editors" and "Moderators"; someone was given them before load_plan.
    editor = User.objects.create_user("old-editor")
    editor.groups.add(Group.objects.get(name="Editors"))
    moderator = User.objects.create_user("old-moderator")
    moderator.groups.add(Group.objects.get(name="Moderators"))

    call_command("load_plan", verbosity=0)

    assert list(editor.groups.values_list("name", flat=True)) == [EDITORS]
    assert list(moderator.groups.values_list("name", flat=True)) == [APPROVERS]


@pytest.mark.parametrize("model", [get_image_model(), get_document_model()], ids=["image", "doc"])
def test_editors_manage_their_own_uploads_and_approvers_everyones(loaded, model):
    editor = member_of(EDITORS, "henshu")
    approver = member_of(APPROVERS, "shonin")
    editors_upload = uploaded_by(editor, model)
    approvers_upload = uploaded_by(approver, model)

    everything = {"add": True, "change": True, "delete": True, "choose": True}
    assert media_permissions(editor, editors_upload) == everything
    assert media_permissions(editor, approvers_upload) == {
        "add": True,
        "change": False,
        "delete": False,
        "choose": True,
    }
    assert media_permissions(approver, editors_upload) == everything


def test_loading_again_keeps_exactly_the_same_media_permissions(loaded):
    def rows():
        return sorted(
            GroupCollectionPermission.objects.values_list(
                "group__name", "collection__name", "permission__codename"
            )
        )

    before = rows()
    call_command("load_plan", verbosity=0)

    assert rows() == before
    assert ("編集者", PORTAL_COLLECTION, "add_image") in before
    assert ("編集者", "Root", "choose_image") in before


def test_an_editor_uploads_a_picture_from_the_page_editors_chooser(loaded, client):
    client.force_login(member_of(EDITORS, "henshu"))

    chooser = client.get(reverse("wagtailimages_chooser:choose"))
    assert chooser.status_code == 200
    assert 'id="id_image-chooser-upload-file"' in chooser.json()["html"]

    response = client.post(
        reverse("wagtailimages_chooser:create"),
        {
            "image-chooser-upload-title": "団体のロゴ",
            "image-chooser-upload-description": "みどりの会のロゴ",
            "image-chooser-upload-collection": str(
                Collection.objects.get(name=PORTAL_COLLECTION).pk
            ),
            "image-chooser-upload-file": SimpleUploadedFile("logo.png", png_bytes()),
        },
    )

    assert response.status_code == 200
    assert response.json()["step"] == "chosen"
    image = get_image_model().objects.get()
    assert (image.title, image.collection.name, image.uploaded_by_user.username) == (
        "団体のロゴ",
        PORTAL_COLLECTION,
        "henshu",
    )
