"""PostgreSQL: pg_dump's custom format, restored with pg_restore and psql in one transaction.

The restore replaces the public schema whole (drop, create, load) rather than using
pg_restore --clean, which drops only what the dump holds: a table added by a later migration
would survive, or block dropping the tables it refers to. Everything runs in one transaction
that is committed only once pg_restore has succeeded, so a failure at any point leaves the
database as it was.
"""

import os
import shutil
import subprocess
import tempfile

from django.db import transaction

from .content import count_content, renditions_table
from .errors import BackupError

# libpq reads these; passing them as variables keeps the password out of the process list.
CLIENT_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
}
# Sent before the dump's own statements. A session still using a table (an app server left running)
# makes the restore fail after 30 s rather than wait for it indefinitely.
RESTORE_PREAMBLE = """\
SET client_min_messages = warning;
SET statement_timeout = 0;
SET lock_timeout = '30s';
BEGIN;
DROP SCHEMA IF EXISTS public CASCADE;
CREATE SCHEMA public;
"""
STDERR_SHOWN = 2000


class PostgresDatabase:
    engine = "postgresql"
    member = "database.dump"

    def __init__(self, connection):
        self.connection = connection
        self.settings_dict = connection.settings_dict

    def describe(self):
        db = self.settings_dict
        return f"PostgreSQL database {db['NAME']} on {db['HOST'] or 'the local socket'}"

    def client_environment(self):
        db = self.settings_dict
        environment = {**os.environ, "PGDATABASE": db["NAME"], "PGAPPNAME": "kamagaya-backup"}
        for key, variable in (
            ("HOST", "PGHOST"),
            ("PORT", "PGPORT"),
            ("USER", "PGUSER"),
            ("PASSWORD", "PGPASSWORD"),
        ):
            if db.get(key):
                environment[variable] = str(db[key])
        for option, variable in CLIENT_OPTIONS.items():
            if db.get("OPTIONS", {}).get(option):
                environment[variable] = str(db["OPTIONS"][option])
        return environment

    def dump(self, destination):
        """pg_dump of the database into `destination`; returns the content counts of the very
        snapshot pg_dump read, so the manifest describes exactly what the dump holds."""
        if self.connection.in_atomic_block:
            raise BackupError("A backup cannot start inside a transaction: it needs a snapshot.")
        with transaction.atomic(using=self.connection.alias), self.connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = count_content(cursor)
            self._run(
                "pg_dump",
                "--format=custom",
                # The archive is compressed as a whole; compressing twice only costs time.
                "--compress=0",
                f"--snapshot={snapshot}",
                f"--exclude-table-data={renditions_table()}",
                f"--file={destination}",
            )
        return counts

    def manifest_entry(self):
        with self.connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            server_version = cursor.fetchone()[0]
        return {
            "engine": self.engine,
            "member": self.member,
            "format": "pg_dump custom format",
            "server_version": server_version,
            "pg_dump": self._run("pg_dump", "--version").strip(),
        }

    def staging_folder(self):
        return None  # the system's temporary folder (TMPDIR)

    def check_restorable(self):
        for program in ("pg_restore", "psql"):
            self._require(program)

    def restore(self, staged):
        """Replace the public schema with the dump's, as the role of DATABASE_URL (which owns the
        restored tables), committing only once pg_restore has read the whole dump."""
        self.connection.close()
        with tempfile.TemporaryFile() as restore_errors, tempfile.TemporaryFile() as psql_errors:
            psql = subprocess.Popen(
                ["psql", "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--file=-"],
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=psql_errors,
                env=self.client_environment(),
            )
            restore = subprocess.Popen(
                ["pg_restore", "--no-owner", "--no-privileges", "--file=-", str(staged)],
                stdout=subprocess.PIPE,
                stderr=restore_errors,
            )
            psql_stopped = not _pipe(restore, psql.stdin, preamble=RESTORE_PREAMBLE.encode())
            restored = not psql_stopped and restore.wait() == 0
            # Without COMMIT, the end of psql's input ends its session and the server rolls back.
            _pipe_end(psql.stdin, b"COMMIT;\n" if restored else b"")
            psql_failed = psql.wait() != 0
            if psql_stopped or psql_failed:
                raise BackupError("PostgreSQL refused the restore:\n" + _tail(psql_errors))
            if not restored:
                raise BackupError("pg_restore could not read the dump:\n" + _tail(restore_errors))

    def current_counts(self):
        with self.connection.cursor() as cursor:
            return count_content(cursor)

    def _require(self, program):
        if shutil.which(program) is None:
            raise BackupError(
                f"{program} is not installed: install PostgreSQL's client programs of the "
                "server's major version (Debian: postgresql-client)."
            )

    def _run(self, program, *arguments):
        self._require(program)
        result = subprocess.run(
            [program, *arguments],
            env=self.client_environment(),
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise BackupError(f"{program} failed:\n{result.stderr.strip()[-STDERR_SHOWN:]}")
        return result.stdout


def _pipe(restore, psql_input, preamble):
    """pg_restore's SQL into psql after `preamble`; False if psql stopped reading (an error)."""
    try:
        psql_input.write(preamble)
        while chunk := restore.stdout.read(1024 * 1024):
            psql_input.write(chunk)
    except BrokenPipeError:
        restore.kill()
        restore.wait()
        return False
    finally:
        restore.stdout.close()
    return True


def _pipe_end(psql_input, last_words):
    try:
        psql_input.write(last_words)
        psql_input.close()
    except BrokenPipeError:
        pass  # psql has already stopped; its exit status tells why


def _tail(errors_file):
    errors_file.seek(0)
    return errors_file.read().decode(errors="replace").strip()[-STDERR_SHOWN:]
