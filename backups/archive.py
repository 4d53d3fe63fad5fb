"""The backup archive: a gzip-compressed tar whose last member, manifest.json, lists every other
member with its size and SHA-256.

The manifest comes last because it can only be written once every checksum is known. Reading
checks every member against it, so an archive that was cut short, altered or padded is refused
as a whole before anything is restored from it.
"""

import hashlib
import io
import json
import os
import tarfile
import time
import zlib
from pathlib import PurePosixPath

from .errors import DamagedArchive
from .manifest import check_format

MANIFEST_NAME = "manifest.json"
CHUNK_SIZE = 1024 * 1024
# A manifest lists one line per file; anything far larger is not one.
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
# What a damaged gzip stream or tar raises while being read.
READ_ERRORS = (tarfile.TarError, EOFError, zlib.error, OSError)


class _HashingReader:
    """Hands a file to tarfile while hashing exactly the bytes tarfile stores."""

    def __init__(self, file):
        self.file = file
        self.sha256 = hashlib.sha256()

    def read(self, size=-1):
        data = self.file.read(size)
        self.sha256.update(data)
        return data


class ArchiveWriter:
    """Writes members one by one, then the manifest; the file is readable by its owner only,
    since it holds the whole database, password hashes included."""

    def __init__(self, path):
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        self._file = os.fdopen(descriptor, "wb")
        # Level 6: most of the gain of 9 at a fraction of its time; images hardly compress anyway.
        # Closed by finish() or close(): the writer holds it open across add_file() calls.
        self._tar = tarfile.open(fileobj=self._file, mode="w:gz", compresslevel=6)  # noqa: SIM115
        self.members = {}

    def add_file(self, name, source_path):
        with open(source_path, "rb") as source:
            status = os.fstat(source.fileno())
            info = tarfile.TarInfo(name)
            info.size = status.st_size
            info.mtime = int(status.st_mtime)
            info.mode = 0o600
            reader = _HashingReader(source)
            self._tar.addfile(info, reader)
        self.members[name] = {"size": info.size, "sha256": reader.sha256.hexdigest()}

    def finish(self, manifest):
        """Write the manifest with the members' checksums and close the archive."""
        data = json.dumps(
            {**manifest, "members": self.members}, ensure_ascii=False, indent=2
        ).encode()
        info = tarfile.TarInfo(MANIFEST_NAME)
        info.size = len(data)
        info.mtime = int(time.time())
        info.mode = 0o600
        self._tar.addfile(info, io.BytesIO(data))
        self.close()

    def close(self):
        self._tar.close()
        self._file.close()


def read_archive(path, destination_for=None):
    """Check every member of the archive at `path` against its manifest; return the manifest.

    `destination_for(name)` may give a path to copy a member to while it is checked (a restore
    stages the archive this way); None leaves it uncopied. Raises DamagedArchive for any archive
    that cannot be trusted whole.
    """
    found = {}
    manifest_bytes = None
    for member, source in _members(path):
        if member.name in found or (member.name == MANIFEST_NAME and manifest_bytes is not None):
            raise DamagedArchive(f"The backup archive {path} holds {member.name} twice.")
        if member.name == MANIFEST_NAME:
            manifest_bytes = _read_manifest_bytes(path, source)
            continue
        destination = destination_for(member.name) if destination_for else None
        found[member.name] = _copy_hashing(path, source, destination)
    manifest = _parse_manifest(path, manifest_bytes)
    _check_members(path, manifest, found)
    return manifest


def _members(path):
    """(member, readable file) pairs; errors while reading the archive become DamagedArchive."""
    # Opened outside the try: a missing or unreadable file is the operator's to fix, not damage.
    with open(path, "rb") as file:
        try:
            with tarfile.open(fileobj=file, mode="r:gz") as tar:
                for member in tar:
                    _check_member(path, member)
                    yield member, tar.extractfile(member)
        except READ_ERRORS as error:
            raise _unreadable(path) from error


def _unreadable(path):
    return DamagedArchive(
        f"The backup archive {path} could not be read to the end: it is incomplete "
        "(cut short while copying?) or damaged."
    )


def _check_member(path, member):
    name = PurePosixPath(member.name)
    if (
        not member.isfile()
        or name.is_absolute()
        or ".." in name.parts
        or str(name) != member.name
        or "\\" in member.name
    ):
        raise DamagedArchive(
            f"The backup archive {path} holds {member.name!r}, which is not a plain file with a "
            "relative name: it was not made by backup_site."
        )


def _read_chunks(path, source):
    try:
        while chunk := source.read(CHUNK_SIZE):
            yield chunk
    except READ_ERRORS as error:
        raise _unreadable(path) from error


def _copy_hashing(path, source, destination):
    sha256 = hashlib.sha256()
    size = 0
    output = open(destination, "wb") if destination else None  # noqa: SIM115
    try:
        for chunk in _read_chunks(path, source):
            sha256.update(chunk)
            size += len(chunk)
            if output:
                output.write(chunk)
    finally:
        if output:
            output.close()
    return {"size": size, "sha256": sha256.hexdigest()}


def _read_manifest_bytes(path, source):
    data = b"".join(_read_chunks(path, source))
    if len(data) > MAX_MANIFEST_BYTES:
        raise DamagedArchive(f"The manifest of {path} is too large to be one.")
    return data


def _parse_manifest(path, data):
    if data is None:
        raise DamagedArchive(
            f"The backup archive {path} has no {MANIFEST_NAME}: it is incomplete or was not made "
            "by backup_site."
        )
    try:
        manifest = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DamagedArchive(f"The {MANIFEST_NAME} of {path} is not valid JSON.") from error
    if not isinstance(manifest, dict) or not isinstance(manifest.get("members"), dict):
        raise DamagedArchive(f"The {MANIFEST_NAME} of {path} lists no members.")
    check_format(path, manifest)
    return manifest


def _check_members(path, manifest, found):
    listed = manifest["members"]
    if missing := sorted(listed.keys() - found.keys()):
        raise DamagedArchive(f"The backup archive {path} is incomplete, missing {_names(missing)}.")
    if unlisted := sorted(found.keys() - listed.keys()):
        raise DamagedArchive(
            f"The backup archive {path} holds {_names(unlisted)}, not listed in its manifest."
        )
    if altered := sorted(name for name in found if found[name] != listed[name]):
        raise DamagedArchive(
            f"The backup archive {path} is damaged: {_names(altered)} "
            f"{'does' if len(altered) == 1 else 'do'} not match the checksum in its manifest."
        )


def _names(names, shown=5):
    listed = ", ".join(names[:shown])
    return f"{listed} and {len(names) - shown} more" if len(names) > shown else listed
