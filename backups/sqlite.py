"""SQLite: a consistent copy through sqlite3's online backup API, restored by an atomic rename."""

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

from .content import count_content, renditions_table
from .errors import BackupError

# Files SQLite keeps beside a database while it is being written; one left over would be
# replayed into the restored file and corrupt it.
COMPANION_SUFFIXES = ("-journal", "-wal", "-shm")


class SqliteDatabase:
    engine = "sqlite"
    member = "database.sqlite3"

    def __init__(self, connection):
        self.connection = connection
        self.path = Path(connection.settings_dict["NAME"]).resolve()

    def describe(self):
        return f"SQLite database {self.path}"

    def dump(self, destination):
        """Copy the live database to `destination` page by page, as one consistent snapshot
        (never a file copy, which could catch a write half-done); return its content counts."""
        if not self.path.is_file():
            raise BackupError(f"There is no SQLite database at {self.path}.")
        source = sqlite3.connect(f"{self.path.as_uri()}?mode=ro", uri=True)
        with closing(source), closing(sqlite3.connect(destination)) as copy:
            source.backup(copy)
            copy.execute(f'DELETE FROM "{renditions_table()}"')
            copy.commit()
            return count_content(copy.cursor())

    def manifest_entry(self):
        return {
            "engine": self.engine,
            "member": self.member,
            "format": "SQLite database file (online backup API)",
        }

    def staging_folder(self):
        """Beside the database, so that moving the restored file into place is one rename."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return self.path.parent

    def check_restorable(self):
        for suffix in COMPANION_SUFFIXES:
            companion = self.path.with_name(self.path.name + suffix)
            if companion.exists():
                raise BackupError(
                    f"{companion} exists: a process is writing to the database or stopped while "
                    "writing. Stop the site (make run / make serve) and try again."
                )

    def restore(self, staged):
        with closing(sqlite3.connect(staged)) as restored:
            result = restored.execute("PRAGMA integrity_check").fetchone()[0]
            # The live file is replaced by rename, with no journal beside it.
            restored.execute("PRAGMA journal_mode=DELETE")
        if result != "ok":
            raise BackupError(
                f"The database in the backup fails SQLite's integrity check: {result}"
            )
        if self.path.exists():
            shutil.copymode(self.path, staged)
        self.connection.close()
        staged.replace(self.path)

    def current_counts(self):
        with self.connection.cursor() as cursor:
            return count_content(cursor)
