import os
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backups.archive import read_archive
from backups.databases import check_same_engine, configured_database
from backups.errors import BackupError, DamagedArchive
from backups.manifest import describe_counts
from backups.media import MEMBER_PREFIX, MediaStaging, check_restorable, local_media_root
from caching.generation import bump_generation

NOTHING_CHANGED = "Nothing was changed."


class Command(BaseCommand):
    # Backups and restores are for the days something is wrong: a failing system check about
    # something else must not stand in their way.
    requires_system_checks = []
    help = (
        "Replace the database and MEDIA_ROOT with a backup made by backup_site, after checking "
        "every file of the archive against its manifest. Asks first, unless --yes or "
        "RESTORE_CONFIRM=yes."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="A kamagaya-….tar.gz from backup_site.")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Replace the current content without asking (or set RESTORE_CONFIRM=yes).",
        )

    def handle(self, *args, archive, yes=False, **options):
        try:
            database, media_root, manifest = self.preflight(archive)
        except (BackupError, OSError) as error:
            raise refused(error) from error
        self.confirm(archive, database, media_root, manifest, yes)
        try:
            media = self.restore_database(archive, database, media_root, manifest)
        except (BackupError, OSError) as error:
            raise refused(error) from error
        if media:
            self.replace_media(media)
        self.finish(archive, database, media_root, manifest)

    def preflight(self, archive):
        """Everything that can refuse the restore, before anything is touched."""
        if not archive.is_file():
            raise BackupError(f"There is no backup archive at {archive}.")
        database = configured_database()
        media_root = local_media_root()
        manifest = read_archive(archive)
        check_same_engine(manifest, database)
        if database.member not in manifest["members"]:
            raise DamagedArchive(f"The backup archive {archive} holds no database.")
        check_restorable(manifest, media_root)
        database.check_restorable()
        return database, media_root, manifest

    def confirm(self, archive, database, media_root, manifest, yes):
        replaced = database.describe()
        if manifest["media"].get("included"):
            replaced += f" and the files in {media_root}"
        self.stdout.write(
            f"This replaces the {replaced} with the backup {archive.name} made at "
            f"{manifest['created_at']} ({describe_counts(manifest['counts'])})."
        )
        if yes or os.environ.get("RESTORE_CONFIRM") == "yes":
            return
        if not sys.stdin.isatty():
            raise CommandError(
                f"Confirm with --yes or RESTORE_CONFIRM=yes to restore. {NOTHING_CHANGED}"
            )
        if input("Type yes to replace the current content: ").strip().lower() != "yes":
            raise CommandError(f"Restore cancelled. {NOTHING_CHANGED}")

    def restore_database(self, archive, database, media_root, manifest):
        """Stage every file, verifying it again as it is copied, and replace the database in one
        step; returns the staged media, to be swapped in by renames that cannot run out of space."""
        media = MediaStaging(media_root) if manifest["media"].get("included") else None
        try:
            with tempfile.TemporaryDirectory(
                dir=database.staging_folder(), prefix=".restore-"
            ) as scratch:
                staged_database = Path(scratch) / database.member

                def destination_for(name):
                    if name == database.member:
                        return staged_database
                    if media and name.startswith(MEMBER_PREFIX):
                        return media.destination_for(name)
                    return None

                read_archive(archive, destination_for)
                database.restore(staged_database)
        except BaseException:
            if media:
                media.discard()
            raise
        return media

    def replace_media(self, media):
        try:
            media.replace_current()
        except OSError as error:
            raise CommandError(
                f"The database was restored, but moving the restored files into {media.root} "
                f"failed: {error}. They are in {media.staged}; move them into place by hand."
            ) from error

    def finish(self, archive, database, media_root, manifest):
        cache_emptied = bump_generation()
        restored = database.current_counts()
        if restored != manifest["counts"]:
            raise CommandError(
                f"The restored database holds {describe_counts(restored)}, but the backup's "
                f"manifest says {describe_counts(manifest['counts'])}. Check the database before "
                "reopening the site."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {database.describe()} from {archive} ({describe_counts(restored)})."
            )
        )
        media = manifest["media"]
        if media.get("included"):
            self.stdout.write(
                f"Media: {media['files']} files in {media_root}; renditions are made again on "
                "first view."
            )
        else:
            self.stdout.write(
                f"Media were not in this backup: they stay in the bucket {media.get('bucket')}; "
                "restore earlier versions there if needed (docs/operations.md, Backups)."
            )
        if cache_emptied:
            self.stdout.write("Response cache emptied.")
        else:
            self.stderr.write(
                self.style.WARNING(
                    "The response cache could not be reached: cached responses end within "
                    "RESPONSE_CACHE_SECONDS."
                )
            )
        self.stdout.write(
            "Next: run `manage.py migrate` if this release is newer than the backup's, then "
            "restart the app servers."
        )


def refused(error):
    """The error, and that the restore stopped before it changed anything."""
    message = str(error)
    return CommandError(message + ("\n" if "\n" in message else " ") + NOTHING_CHANGED)
