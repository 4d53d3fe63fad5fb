"""manifest.json: what a backup holds and what made it, for the restore and for a person reading it."""

import datetime as dt
import platform

import django
import wagtail
from django.conf import settings

from .content import counted_tables
from .errors import DamagedArchive

FORMAT = "kamagaya-backup"
# Raised when the archive's layout changes; a release restores every version up to its own.
FORMAT_VERSION = 1


def new_manifest(database, media, counts):
    """Everything but the members' checksums, which the archive adds as it writes them."""
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "release": settings.RELEASE or None,
        "versions": {
            "python": platform.python_version(),
            "django": django.get_version(),
            "wagtail": wagtail.__version__,
        },
        "database": database,
        "media": media,
        "counts": counts,
    }


def describe_counts(counts):
    return ", ".join(f"{name} {counts[name]}" for name in counted_tables())


def check_format(path, manifest):
    if manifest.get("format") != FORMAT:
        raise DamagedArchive(f"{path} is not a backup made by backup_site.")
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise DamagedArchive(
            f"{path} was made by a newer release (backup format {version}); this release reads "
            f"format {FORMAT_VERSION} and older. Restore it with the release that made it."
        )
    database, media, counts = (manifest.get(part) for part in ("database", "media", "counts"))
    described = isinstance(database, dict) and isinstance(media, dict) and isinstance(counts, dict)
    if not described or not counts.keys() >= counted_tables().keys():
        raise DamagedArchive(f"The manifest of {path} lacks its database, media or counts.")
