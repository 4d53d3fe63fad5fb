"""Uploaded files in a backup: original images and documents from MEDIA_ROOT, never renditions.

Renditions are left out, as their rows are (content.renditions_table): Wagtail makes them again
from the originals on first view, and they are often several times the originals' size.
"""

import os
import secrets
import shutil
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from .errors import BackupError

MEMBER_PREFIX = "media/"
# Where Wagtail writes renditions (AbstractRendition.get_upload_to).
RENDITIONS_FOLDER = "images"
# A restore stages files inside MEDIA_ROOT, so that moving them into place is a rename on one
# file system; a backup made meanwhile must not pick them up.
STAGING_PREFIX = ".restore-"


def local_media_root():
    """MEDIA_ROOT when uploads are on this server's disk; None when they are in object storage."""
    if isinstance(default_storage, FileSystemStorage):
        return Path(default_storage.location)
    return None


def remote_media_description():
    """The manifest's account of media that stay where they are (an S3-compatible bucket)."""
    storage = settings.STORAGES["default"]
    bucket = storage.get("OPTIONS", {}).get("bucket_name")
    return {
        "included": False,
        "storage": storage["BACKEND"],
        "bucket": bucket,
        "note": "Media are not in this archive: they stay in the bucket, whose object "
        "versioning keeps earlier versions (docs/operations.md, Backups).",
    }


def local_media_description(root, file_count):
    return {
        "included": True,
        "root": str(root),
        "files": file_count,
        "renditions": "left out; Wagtail makes them again on first view",
    }


def media_files(root):
    """(archive member name, path) of every file to back up under `root`, in a stable order."""
    if not root.is_dir():
        return []
    found = []
    for folder, subfolders, files in os.walk(root):
        relative_folder = Path(folder).relative_to(root)
        if relative_folder == Path("."):
            subfolders[:] = [
                name
                for name in subfolders
                if name != RENDITIONS_FOLDER and not name.startswith(STAGING_PREFIX)
            ]
        for name in files:
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                relative = PurePosixPath(*(relative_folder / name).parts)
                found.append((f"{MEMBER_PREFIX}{relative}", path))
    return sorted(found)


def missing_media(root):
    """Files the database's images and documents name that are not under `root`."""
    names = [
        *get_image_model().objects.values_list("file", flat=True),
        *get_document_model().objects.values_list("file", flat=True),
    ]
    return sorted(name for name in names if not (root / name).is_file())


class MediaStaging:
    """Files of a restore gathered inside MEDIA_ROOT, then swapped in for the current ones."""

    def __init__(self, root):
        self.root = root
        self.root.mkdir(parents=True, exist_ok=True)
        self.folder = root / f"{STAGING_PREFIX}{secrets.token_hex(6)}"
        self.staged = self.folder / "new"
        self.staged.mkdir(parents=True)

    def destination_for(self, member_name):
        relative = member_name.removeprefix(MEMBER_PREFIX)
        destination = self.staged / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        return destination

    def replace_current(self):
        """Move everything now in MEDIA_ROOT aside (renditions too: their rows are gone), move the
        staged files in, and delete what was moved aside. Renames only, so this cannot run out
        of space half-way."""
        replaced = self.folder / "replaced"
        replaced.mkdir()
        for entry in self.root.iterdir():
            if entry != self.folder:
                entry.rename(replaced / entry.name)
        for entry in self.staged.iterdir():
            entry.rename(self.root / entry.name)
        self.discard()

    def discard(self):
        shutil.rmtree(self.folder, ignore_errors=True)


def check_restorable(manifest, root):
    """Media from disk cannot be put into a bucket from here; refused before anything changes."""
    if manifest["media"]["included"] and root is None:
        raise BackupError(
            "This backup holds media files, but this site keeps its media in object storage "
            f"({settings.STORAGES['default']['BACKEND']}): restoring here would leave the "
            "database and the media out of step. Restore it on a server that keeps media on "
            "disk, then copy MEDIA_ROOT to the bucket (docs/operations.md, Backups)."
        )
