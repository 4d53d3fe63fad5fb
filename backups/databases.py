"""The database a backup reads and a restore replaces: the `default` connection, by its engine."""

from django.db import connection

from .errors import BackupError
from .postgres import PostgresDatabase
from .sqlite import SqliteDatabase

# By vendor, not ENGINE: a backend subclassing Django's (reliability.postgresql) is the same database.
DATABASES_BY_VENDOR = {"postgresql": PostgresDatabase, "sqlite": SqliteDatabase}
ENGINE_NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}


def configured_database():
    database_class = DATABASES_BY_VENDOR.get(connection.vendor)
    if database_class is None:
        raise BackupError(
            f"Backups cover PostgreSQL and SQLite; this site uses {connection.display_name}."
        )
    return database_class(connection)


def check_same_engine(manifest, database):
    engine = manifest["database"]["engine"]
    if engine != database.engine:
        raise BackupError(
            f"This backup is of a {ENGINE_NAMES.get(engine, engine)} database, but this site uses "
            f"{ENGINE_NAMES[database.engine]} (DATABASE_URL). Restore it into a site with a "
            f"{ENGINE_NAMES.get(engine, engine)} DATABASE_URL; moving content between engines "
            "is not a restore."
        )
