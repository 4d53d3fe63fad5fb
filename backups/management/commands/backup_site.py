import datetime as dt
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from backups.archive import ArchiveWriter
from backups.databases import configured_database
from backups.errors import BackupError
from backups.manifest import describe_counts, new_manifest
from backups.media import (
    local_media_description,
    local_media_root,
    media_files,
    missing_media,
    remote_media_description,
)

DEFAULT_FOLDER = settings.BASE_DIR / "backup-archives"


class Command(BaseCommand):
    # Backups and restores are for the days something is wrong: a failing system check about
    # something else must not stand in their way.
    requires_system_checks = []
    help = (
        "Write one archive holding the database (pg_dump or a SQLite snapshot), the uploaded "
        "images and documents of MEDIA_ROOT (not renditions) and a manifest with checksums. "
        "Restore it with restore_site."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            type=Path,
            help="Folder for the archive (default: BACKUP_DIR, else backup-archives/).",
        )

    def handle(self, *args, output_dir=None, **options):
        database = configured_database_or_error()
        output_dir = Path(output_dir or os.environ.get("BACKUP_DIR") or DEFAULT_FOLDER)
        output_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        archive = output_dir / f"kamagaya-{stamp}.tar.gz"
        # Written under another name and renamed when complete: an interrupted backup never
        # leaves a file that looks like a finished one.
        partial = archive.with_name(archive.name + ".partial")
        if archive.exists():
            raise CommandError(f"{archive} already exists; try again in a second.")
        try:
            manifest = self.write(database, partial, output_dir)
            partial.rename(archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        finally:
            partial.unlink(missing_ok=True)
        self.report(archive, database, manifest)

    def write(self, database, partial, output_dir):
        writer = ArchiveWriter(partial)
        try:
            # The dump goes next to the archive: the system's temporary folder may be too small.
            with tempfile.TemporaryDirectory(dir=output_dir, prefix=".backup-") as scratch:
                dump = Path(scratch) / database.member
                # The database first, then the files: an upload made meanwhile only adds a file
                # the dump does not know, never a row whose file is missing.
                counts = database.dump(dump)
                writer.add_file(database.member, dump)
            media = self.add_media(writer)
            manifest = new_manifest(database.manifest_entry(), media, counts)
            writer.finish(manifest)
        except BaseException:
            writer.close()
            raise
        return {**manifest, "members": writer.members}

    def add_media(self, writer):
        root = local_media_root()
        if root is None:
            return remote_media_description()
        files = media_files(root)
        for name, path in files:
            writer.add_file(name, path)
        if missing := missing_media(root):
            self.stderr.write(
                self.style.WARNING(
                    f"{len(missing)} file(s) named in the database are missing from {root} and "
                    f"so from the backup: {', '.join(missing[:10])}"
                )
            )
        return local_media_description(root, len(files))

    def report(self, archive, database, manifest):
        media = manifest["media"]
        size = archive.stat().st_size
        self.stdout.write(self.style.SUCCESS(f"Backup written: {archive} ({size:,} bytes)"))
        self.stdout.write(
            f"  database: {database.describe()} ({describe_counts(manifest['counts'])})"
        )
        if media["included"]:
            self.stdout.write(
                f"  media: {media['files']} files from {media['root']} (renditions left out)"
            )
        else:
            self.stdout.write(
                f"  media: NOT in this archive; they stay in the bucket {media['bucket']}, "
                "whose object versioning must be on (docs/operations.md, Backups)"
            )


def configured_database_or_error():
    try:
        return configured_database()
    except BackupError as error:
        raise CommandError(str(error)) from error
