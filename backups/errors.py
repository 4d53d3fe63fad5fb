class BackupError(Exception):
    """A backup or restore that must stop; the message tells the operator why and what to do."""


class DamagedArchive(BackupError):
    """The archive cannot be trusted: unreadable, incomplete, altered or not a backup at all."""
