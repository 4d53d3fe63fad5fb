"""Migration 0004 folds a notice's own 表示終了日時 into its 公開終了日時 (expire_at) and loses
no end date: the earlier of the two wins, on the page and on its latest revision."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from jp.time import TOKYO

BEFORE = [("home", "0003_fill_event_dates")]
AFTER = [("home", "0004_notice_expiry_and_editor_help")]
NOON = dt.datetime(2026, 12, 4, 12, 0, tzinfo=TOKYO)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def make_notice(apps, parent, slug, display_until, expire_at):
    NoticePage = apps.get_model("home", "NoticePage")
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="home", model="noticepage")
    depth = parent.depth + 1
    notice = NoticePage.objects.create(
        title=slug,
        slug=slug,
        path=f"{parent.path}{parent.numchild + 1:04d}",
        depth=depth,
        content_type=content_type,
        body="<p>本文</p>",
        priority="normal",
        display_until=display_until,
        expire_at=expire_at,
        url_path=f"{parent.url_path}{slug}/",
        locale_id=parent.locale_id,
    )
    parent.numchild += 1
    parent.save(update_fields=["numchild"])
    revision = Revision.objects.create(
        content_type=content_type,
        base_content_type=content_type,
        object_id=str(notice.pk),
        created_at=NOON,
        object_str=slug,
        content={
            "pk": notice.pk,
            "title": slug,
            "display_until": display_until.isoformat() if display_until else None,
            "expire_at": expire_at.isoformat() if expire_at else None,
        },
    )
    NoticePage.objects.filter(pk=notice.pk).update(latest_revision=revision)
    return notice.pk


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_earlier_end_becomes_the_notices_one_expiry():
    old_apps = migrate(BEFORE)
    Page = old_apps.get_model("wagtailcore", "Page")
    root = Page.objects.get(depth=1)
    own_end_only = make_notice(old_apps, root, "own-end", NOON, None)
    expires_earlier = make_notice(old_apps, root, "expires-earlier", NOON, NOON - dt.timedelta(1))
    ends_earlier = make_notice(old_apps, root, "ends-earlier", NOON, NOON + dt.timedelta(1))
    no_end = make_notice(old_apps, root, "no-end", None, None)

    new_apps = migrate(AFTER)

    NoticePage = new_apps.get_model("home", "NoticePage")
    Revision = new_apps.get_model("wagtailcore", "Revision")
    expiries = {
        pk: NoticePage.objects.get(pk=pk).expire_at
        for pk in (own_end_only, expires_earlier, ends_earlier, no_end)
    }
    assert expiries == {
        own_end_only: NOON,
        expires_earlier: NOON - dt.timedelta(1),
        ends_earlier: NOON,
        no_end: None,
    }
    revision = Revision.objects.get(object_id=str(ends_earlier))
    assert "display_until" not in revision.content
    assert revision.content["expire_at"] == "2026-12-04T03:00:00Z"
    call_command("migrate", verbosity=0)
