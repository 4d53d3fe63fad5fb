"""Every content change replaces the content generation, so no server serves a stale response.

Pages (publish, unpublish, move, delete, and the scheduled publishing command, which publishes
through the same signals), their view restrictions, images, sites, snippets and settings of the
`home` app, and signage screens all count. Renditions do not: they are made while serving
requests, and counting them would empty the cache on every first view of an image size.

The generation is replaced at once and again when the transaction commits. At once, so that the
same process never reads its old response; on commit, because another server may have stored a
response made from the old rows between the change and the commit.
"""

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage, AbstractRendition
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from signage.models import SignageScreen

from .generation import bump_generation

CONTENT_APPS = {"home"}
CONTENT_MODELS = (Page, PageViewRestriction, Site, AbstractImage, AbstractDocument, SignageScreen)
NOT_CONTENT = (AbstractRendition,)
# What saving a draft of a live page writes to the page row: nothing the public sees. Publishing
# sends page_published; every other page save (settings, expiry, a direct save) counts.
DRAFT_BOOKKEEPING_FIELDS = {
    "draft_title",
    "has_unpublished_changes",
    "latest_revision",
    "latest_revision_created_at",
    "locked",
    "locked_at",
    "locked_by",
}


def is_content(model):
    if issubclass(model, NOT_CONTENT):
        return False
    return issubclass(model, CONTENT_MODELS) or model._meta.app_label in CONTENT_APPS


def content_changed(**kwargs):
    bump_generation()
    transaction.on_commit(bump_generation, robust=True)


def saved(sender, update_fields=None, **kwargs):
    if update_fields and set(update_fields) <= DRAFT_BOOKKEEPING_FIELDS:
        return
    content_changed()


def deleted(sender, **kwargs):
    content_changed()


def connect():
    # Per model rather than for every sender: a receiver for all models would also turn off
    # Django's fast deletes everywhere (sessions, revisions).
    for model in apps.get_models():
        if is_content(model):
            uid = f"caching.{model._meta.label_lower}"
            post_save.connect(saved, sender=model, dispatch_uid=f"{uid}.saved")
            post_delete.connect(deleted, sender=model, dispatch_uid=f"{uid}.deleted")
    page_published.connect(content_changed, dispatch_uid="caching.page_published")
    page_unpublished.connect(content_changed, dispatch_uid="caching.page_unpublished")
    post_page_move.connect(content_changed, dispatch_uid="caching.post_page_move")
