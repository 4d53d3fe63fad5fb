"""make backup / make restore: a whole round trip on PostgreSQL and on SQLite, and the refusals.

PostgreSQL: the test database is backed up, then changed; a copy of it (a scratch database made
from it, dropped afterwards) is restored by a separate `manage.py restore_site`, as on the day of
a disaster, and compared with what was backed up. SQLite: a temporary database file, driven
through the commands in subprocesses with its own DATABASE_URL.
"""

import datetime as dt
import io
import json
import os
import platform
import secrets
import sqlite3
import stat
import subprocess
import sys
import tarfile
from contextlib import closing, contextmanager
from hashlib import sha256
from pathlib import Path
from types import SimpleNamespace

import django
import psycopg
import pytest
import wagtail
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from psycopg import sql
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from cms.settings.storage import S3_BACKEND, media_storages
from home.loading.site import ensure_site_tree, section
from home.models import (
    EventIndexPage,
    EventPage,
    EventSession,
    GroupIndexPage,
    GroupPage,
    GroupPhoto,
    NoticeIndexPage,
)
from jp.time import TOKYO
from tests.app_servers import database_url
from tests.factories import (
    GroupPageFactory,
    GroupPhotoFactory,
    ImageFactory,
    NoticePageFactory,
    event_with_sessions,
)

ROOT = Path(__file__).resolve().parents[2]
ON_POSTGRES = connection.vendor == "postgresql"
postgres_only = pytest.mark.skipif(
    not ON_POSTGRES,
    reason="backs up and restores the test database with pg_dump and psql: needs PostgreSQL, "
    "which `make test` uses whenever one answers on 127.0.0.1:5432",
)
# Committed, so that pg_dump, another process, sees it. serialized_rollback: a transactional test
# that ran earlier leaves an empty database, without the rows Wagtail's migrations make.
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)
DOCUMENT_TEXT = "第1回 協働推進会議 議事録\n出席者 12名\n".encode()
# Tables straight from the models for the SQLite site: Wagtail's migrations take 20 seconds on
# SQLite. The rows Wagtail's data migrations make (locale, root collection, root page) are made
# by hand; the content is built by the same function as on PostgreSQL.
SQLITE_SITE_SCRIPT = """
import sys

import django
from django.conf import settings


class NoMigrations:
    def __contains__(self, app_label):
        return True

    def __getitem__(self, app_label):
        return None


settings.MIGRATION_MODULES = NoMigrations()
django.setup()

from django.core.management import call_command
from wagtail.models import Collection, Locale, Page

call_command("migrate", run_syncdb=True, verbosity=0)
Locale.objects.create(language_code="ja")
Collection.add_root(name="Root")
Page.add_root(instance=Page(title="Root", slug="root"))

from tests.backups.test_backup_restore import build_site_content

build_site_content()
call_command("backup_site", output_dir=sys.argv[1])
"""


def build_site_content():
    """A small site with one of everything a backup must carry: pages with revisions, an event
    with sessions, a group with a photo (an image file and a rendition of it), a document."""
    home = ensure_site_tree()
    image = ImageFactory(title="清掃活動の写真")
    group = GroupPageFactory(
        parent=section(GroupIndexPage), title="鎌ケ谷みどりの会", slug="midori"
    )
    GroupPhotoFactory(group=group, image=image, caption="春の植え付け")
    group.save_revision().publish()
    starts = dt.datetime(2026, 12, 5, 10, 0, tzinfo=TOKYO)
    event = event_with_sessions(
        section(EventIndexPage),
        (starts, starts + dt.timedelta(hours=2)),
        (starts + dt.timedelta(days=7), starts + dt.timedelta(days=7, hours=2)),
        title="花壇の手入れ体験",
        slug="kadan",
    )
    event.save_revision().publish()
    NoticePageFactory(parent=section(NoticeIndexPage), title="会議の議事録を公開しました")
    get_document_model().objects.create(
        title="協働推進会議 議事録", file=ContentFile(DOCUMENT_TEXT, name="minutes.txt")
    )
    image.get_rendition("fill-80x60")
    return home


# What a restore must bring back, read with plain SQL so that one function reads the test
# database, the restored scratch database and a SQLite file alike.


def content_of(cursor):
    page, revision = Page._meta.db_table, Revision._meta.db_table
    return {
        "pages": rows(
            cursor,
            f'SELECT p.id, p.title, p.live, p.url_path, r.content FROM "{page}" p '
            f'LEFT JOIN "{revision}" r ON r.id = p.latest_revision_id ORDER BY p.id',
        ),
        **{
            model._meta.label: rows(
                cursor,
                f'SELECT * FROM "{model._meta.db_table}" ORDER BY "{model._meta.pk.column}"',
            )
            for model in (
                EventPage,
                EventSession,
                GroupPage,
                GroupPhoto,
                get_image_model(),
                get_document_model(),
            )
        },
    }


def rows(cursor, query):
    cursor.execute(query)
    names = [column[0] for column in cursor.description]
    return [
        {name: parsed(name, value) for name, value in zip(names, row, strict=True)}
        for row in cursor.fetchall()
    ]


def parsed(column, value):
    """Revision content as data: PostgreSQL's driver gives JSON parsed, SQLite gives text."""
    return json.loads(value) if column == "content" and isinstance(value, str) else value


def renditions_of(cursor):
    table = get_image_model().get_rendition_model()._meta.db_table
    cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
    return cursor.fetchone()[0]


def files_under(root):
    """Every file under `root` with its bytes, by path relative to it."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(Path(root).rglob("*"))
        if path.is_file()
    }


def conninfo(database_name):
    db = connection.settings_dict
    return psycopg.conninfo.make_conninfo(
        dbname=database_name,
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
    )


def postgres_content(database_name):
    with psycopg.connect(conninfo(database_name)) as reader, reader.cursor() as cursor:
        return content_of(cursor), renditions_of(cursor)


@contextmanager
def scratch_copy_of_test_database():
    """A new database made from the test database as it is now; dropped afterwards."""
    source = connection.settings_dict["NAME"]
    scratch = f"{source}_restore_{secrets.token_hex(4)}"
    # CREATE DATABASE … TEMPLATE needs the source to have no other session.
    connection.close()
    with psycopg.connect(conninfo("postgres"), autocommit=True) as admin:
        admin.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(scratch), sql.Identifier(source)
            )
        )
    try:
        yield scratch
    finally:
        with psycopg.connect(conninfo("postgres"), autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(scratch))
            )


def manage(*arguments, **environment):
    """A manage.py command in its own process, configured like `make restore` by environment."""
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    env.update(DJANGO_SETTINGS_MODULE="cms.settings.dev", **environment)
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def manifest_of(archive):
    with tarfile.open(archive) as tar:
        return json.load(tar.extractfile("manifest.json"))


def members_of(archive):
    with tarfile.open(archive) as tar:
        return sorted(tar.getnames())


def restore_output(archive, database, media_root, counts, media_files):
    manifest = manifest_of(archive)
    return (
        f"This replaces the {database} and the files in {media_root} with the backup "
        f"{archive.name} made at {manifest['created_at']} ({counts}).\n"
        f"Restored {database} from {archive} ({counts}).\n"
        f"Media: {media_files} files in {media_root}; renditions are made again on first view.\n"
        "Response cache emptied.\n"
        "Next: run `manage.py migrate` if this release is newer than the backup's, then restart "
        "the app servers.\n"
    )


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def postgres_backup(media_root, tmp_path):
    """The small site, committed to the test database, and its backup."""
    build_site_content()
    output = io.StringIO()
    call_command("backup_site", output_dir=tmp_path / "archives", stdout=output)
    (archive,) = (tmp_path / "archives").glob("kamagaya-*.tar.gz")
    return archive, output.getvalue()


def page_counts(pages, images=1, documents=1):
    return f"pages {pages}, images {images}, documents {documents}"


def change_content(media_root):
    """What a bad day does: an edit published, an event and an image deleted, a file replaced."""
    group = GroupPage.objects.get(slug="midori")
    group.title = "書き換えた団体名"
    group.save_revision().publish()
    EventPage.objects.get(slug="kadan").delete()
    get_image_model().objects.get().delete()
    document = get_document_model().objects.get()
    document.title = "差し替えた議事録"
    document.save()
    (media_root / document.file.name).write_bytes(b"overwritten")


def without_renditions(files):
    return {name: data for name, data in files.items() if not name.startswith("images/")}


@postgres_only
@committed
def test_postgres_round_trip_brings_back_content_and_files_as_backed_up(
    postgres_backup, media_root
):
    archive, _ = postgres_backup
    test_database = connection.settings_dict["NAME"]
    before, renditions_before = postgres_content(test_database)
    files_before = files_under(media_root)
    change_content(media_root)
    assert postgres_content(test_database)[0] != before

    with scratch_copy_of_test_database() as scratch:
        result = manage(
            "restore_site",
            str(archive),
            "--yes",
            DATABASE_URL=database_url({**connection.settings_dict, "NAME": scratch}),
            MEDIA_ROOT=str(media_root),
        )
        after, renditions_after = postgres_content(scratch)

    database = f"PostgreSQL database {scratch} on {connection.settings_dict['HOST']}"
    counts = page_counts(len(before["pages"]))
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    assert result.stdout == restore_output(archive, database, media_root, counts, 2)
    assert after == before
    # Renditions are left out of backups and made again on first view.
    assert (renditions_before, renditions_after) == (1, 0)
    assert files_under(media_root) == without_renditions(files_before)
    assert files_under(media_root) != files_before


@pytest.fixture(scope="module")
def sqlite_site(tmp_path_factory):
    """A SQLite site with the small content and its backup, made by processes of its own."""
    folder = tmp_path_factory.mktemp("sqlite-site")
    site = SimpleNamespace(
        database=folder / "site.sqlite3", media=folder / "media", archives=folder / "archives"
    )
    site.environment = {"DATABASE_URL": f"sqlite:///{site.database}", "MEDIA_ROOT": str(site.media)}
    made = subprocess.run(
        [sys.executable, "-c", SQLITE_SITE_SCRIPT, str(site.archives)],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.dev", **site.environment},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    (site.archive,) = site.archives.glob("kamagaya-*.tar.gz")
    site.backup_output = made.stdout
    return site


def sqlite_content(path):
    with closing(sqlite3.connect(path)) as database:
        cursor = database.cursor()
        return content_of(cursor), renditions_of(cursor)


def test_sqlite_round_trip_brings_back_content_and_files_as_backed_up(sqlite_site):
    before, renditions_before = sqlite_content(sqlite_site.database)
    files_before = files_under(sqlite_site.media)
    with closing(sqlite3.connect(sqlite_site.database)) as database:
        database.execute(f"UPDATE \"{Page._meta.db_table}\" SET title = '書き換えたタイトル'")
        database.execute(f'DELETE FROM "{EventSession._meta.db_table}"')
        database.execute(f'DELETE FROM "{get_document_model()._meta.db_table}"')
        database.commit()
    (sqlite_site.media / "documents" / "minutes.txt").write_bytes(b"overwritten")
    assert sqlite_content(sqlite_site.database)[0] != before

    result = manage(
        "restore_site", str(sqlite_site.archive), RESTORE_CONFIRM="yes", **sqlite_site.environment
    )

    after, renditions_after = sqlite_content(sqlite_site.database)
    database = f"SQLite database {sqlite_site.database}"
    counts = page_counts(len(before["pages"]))
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    assert result.stdout == restore_output(
        sqlite_site.archive, database, sqlite_site.media, counts, 2
    )
    assert after == before
    assert (renditions_before, renditions_after) == (1, 0)
    assert files_under(sqlite_site.media) == without_renditions(files_before)
    assert files_under(sqlite_site.media) != files_before


def repack(archive, destination, replaced, checksums_updated):
    """A copy of `archive` with some members' bytes replaced, its manifest updated or not."""
    with tarfile.open(archive) as tar:
        members = {name: tar.extractfile(name).read() for name in tar.getnames()}
    members.update(replaced)
    if checksums_updated:
        manifest = json.loads(members["manifest.json"])
        for name, data in replaced.items():
            manifest["members"][name] = {"size": len(data), "sha256": sha256(data).hexdigest()}
        members["manifest.json"] = json.dumps(manifest).encode()
    with tarfile.open(destination, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return destination


def truncated(archive, destination):
    data = archive.read_bytes()
    destination.write_bytes(data[: len(data) // 2])
    return destination


def altered(archive, destination):
    return repack(
        archive, destination, {"media/documents/minutes.txt": b"altered"}, checksums_updated=False
    )


@postgres_only
@committed
@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (
            truncated,
            "could not be read to the end: it is incomplete (cut short while copying?) or damaged.",
        ),
        (
            altered,
            "is damaged: media/documents/minutes.txt does not match the checksum in its manifest.",
        ),
    ],
    ids=["truncated", "altered"],
)
def test_a_damaged_archive_is_refused_before_anything_changes(
    postgres_backup, media_root, tmp_path, damage, reason
):
    archive, _ = postgres_backup
    damaged = damage(archive, tmp_path / "damaged.tar.gz")
    test_database = connection.settings_dict["NAME"]
    before = postgres_content(test_database)
    files_before = files_under(media_root)

    with pytest.raises(CommandError) as refusal:
        call_command("restore_site", str(damaged), yes=True, stdout=io.StringIO())

    assert str(refusal.value) == f"The backup archive {damaged} {reason} Nothing was changed."
    assert postgres_content(test_database) == before
    assert files_under(media_root) == files_before


@postgres_only
@committed
def test_a_dump_that_breaks_off_half_way_leaves_the_database_as_it_was(
    postgres_backup, media_root, tmp_path
):
    """pg_restore reads a dump cut in half (its checksum made to match) up to the cut; what
    psql has loaded by then is rolled back, since COMMIT only follows a whole dump."""
    archive, _ = postgres_backup
    with tarfile.open(archive) as tar:
        dump = tar.extractfile("database.dump").read()
    broken = repack(
        archive,
        tmp_path / "broken.tar.gz",
        {"database.dump": dump[: len(dump) // 2]},
        checksums_updated=True,
    )
    files_before = files_under(media_root)

    with scratch_copy_of_test_database() as scratch:
        before = postgres_content(scratch)
        result = manage(
            "restore_site",
            str(broken),
            "--yes",
            DATABASE_URL=database_url({**connection.settings_dict, "NAME": scratch}),
            MEDIA_ROOT=str(media_root),
        )
        after = postgres_content(scratch)

    assert result.returncode == 1
    assert result.stderr == (
        "CommandError: pg_restore could not read the dump:\n"
        "pg_restore: error: could not read from input file: end of file\n"
        "Nothing was changed.\n"
    )
    assert after == before
    assert files_under(media_root) == files_before


@postgres_only
@pytest.mark.django_db
def test_a_backup_of_another_engine_is_refused(sqlite_site, media_root):
    build_site_content()
    with connection.cursor() as cursor:
        before = content_of(cursor)
    files_before = files_under(media_root)

    with pytest.raises(CommandError) as refusal:
        call_command("restore_site", str(sqlite_site.archive), yes=True, stdout=io.StringIO())

    assert str(refusal.value) == (
        "This backup is of a SQLite database, but this site uses PostgreSQL (DATABASE_URL). "
        "Restore it into a site with a SQLite DATABASE_URL; moving content between engines is "
        "not a restore. Nothing was changed."
    )
    with connection.cursor() as cursor:
        assert content_of(cursor) == before
    assert files_under(media_root) == files_before


class Terminal(io.StringIO):
    """Standard input as a person at a terminal gives it."""

    def isatty(self):
        return True


@postgres_only
@committed
@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        (Terminal("no\n"), "Restore cancelled. Nothing was changed."),
        (
            io.StringIO(""),
            "Confirm with --yes or RESTORE_CONFIRM=yes to restore. Nothing was changed.",
        ),
    ],
    ids=["answered-no", "no-terminal"],
)
def test_without_confirmation_nothing_is_restored(
    postgres_backup, media_root, monkeypatch, stdin, message
):
    archive, _ = postgres_backup
    monkeypatch.delenv("RESTORE_CONFIRM", raising=False)
    monkeypatch.setattr("sys.stdin", stdin)
    test_database = connection.settings_dict["NAME"]
    GroupPage.objects.filter(slug="midori").update(title="バックアップ後の団体名")
    before = postgres_content(test_database)
    files_before = files_under(media_root)
    output = io.StringIO()

    with pytest.raises(CommandError) as refusal:
        call_command("restore_site", str(archive), stdout=output)

    assert str(refusal.value) == message
    assert output.getvalue() == (
        f"This replaces the PostgreSQL database {test_database} on "
        f"{connection.settings_dict['HOST']} and the files in {media_root} with the backup "
        f"{archive.name} made at {manifest_of(archive)['created_at']} "
        f"({page_counts(len(before[0]['pages']))}).\n"
    )
    assert postgres_content(test_database) == before
    assert files_under(media_root) == files_before


@postgres_only
@committed
def test_a_backup_holds_the_database_the_original_files_and_a_manifest_of_them(
    postgres_backup, media_root
):
    archive, output = postgres_backup
    with tarfile.open(archive) as tar:
        members = {name: tar.extractfile(name).read() for name in tar.getnames()}
    manifest = json.loads(members.pop("manifest.json"))
    test_database = connection.settings_dict["NAME"]
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server_version = cursor.fetchone()[0]
    pg_dump = subprocess.run(["pg_dump", "--version"], capture_output=True, text=True, check=True)
    counts = {"pages": Page.objects.count(), "images": 1, "documents": 1}
    image = get_image_model().objects.get()

    assert list(members) == [
        "database.dump",
        "media/documents/minutes.txt",
        f"media/{image.file.name}",
    ]
    assert members["media/documents/minutes.txt"] == DOCUMENT_TEXT
    assert members[f"media/{image.file.name}"] == (media_root / image.file.name).read_bytes()
    assert manifest == {
        "format": "kamagaya-backup",
        "format_version": 1,
        "created_at": manifest["created_at"],
        "release": None,
        "versions": {
            "python": platform.python_version(),
            "django": django.get_version(),
            "wagtail": wagtail.__version__,
        },
        "database": {
            "engine": "postgresql",
            "member": "database.dump",
            "format": "pg_dump custom format",
            "server_version": server_version,
            "pg_dump": pg_dump.stdout.strip(),
        },
        "media": {
            "included": True,
            "root": str(media_root),
            "files": 2,
            "renditions": "left out; Wagtail makes them again on first view",
        },
        "counts": counts,
        "members": {
            name: {"size": len(data), "sha256": sha256(data).hexdigest()}
            for name, data in members.items()
        },
    }
    age = dt.datetime.now(dt.UTC) - dt.datetime.fromisoformat(manifest["created_at"])
    assert dt.timedelta(0) <= age < dt.timedelta(minutes=1)
    # The whole database is inside, password hashes included: for the owner's eyes only.
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert output == (
        f"Backup written: {archive} ({archive.stat().st_size:,} bytes)\n"
        f"  database: PostgreSQL database {test_database} on {connection.settings_dict['HOST']} "
        f"({page_counts(counts['pages'])})\n"
        f"  media: 2 files from {media_root} (renditions left out)\n"
    )


@postgres_only
@committed
def test_with_media_in_a_bucket_the_backup_holds_the_database_alone_and_says_so(settings, tmp_path):
    settings.STORAGES = media_storages(
        {"AWS_STORAGE_BUCKET_NAME": "kamagaya-media", "AWS_S3_REGION_NAME": "ap-northeast-1"},
        settings.STORAGES,
    )
    output = io.StringIO()

    call_command("backup_site", output_dir=tmp_path, stdout=output)

    (archive,) = tmp_path.glob("kamagaya-*.tar.gz")
    assert members_of(archive) == ["database.dump", "manifest.json"]
    assert manifest_of(archive)["media"] == {
        "included": False,
        "storage": S3_BACKEND,
        "bucket": "kamagaya-media",
        "note": "Media are not in this archive: they stay in the bucket, whose object "
        "versioning keeps earlier versions (docs/operations.md, Backups).",
    }
    assert output.getvalue() == (
        f"Backup written: {archive} ({archive.stat().st_size:,} bytes)\n"
        f"  database: PostgreSQL database {connection.settings_dict['NAME']} on "
        f"{connection.settings_dict['HOST']} ({page_counts(Page.objects.count(), 0, 0)})\n"
        "  media: NOT in this archive; they stay in the bucket kamagaya-media, whose object "
        "versioning must be on (docs/operations.md, Backups)\n"
    )
