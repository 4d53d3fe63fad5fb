"""Persisted queries: documents the city has registered, callable by name or SHA-256 hash.

Each `<OperationName>.graphql` file in this folder is one query. Consumers then send only
`id` and `variables`, by GET, so their requests are short, cacheable by URL, and limited to
documents the city has reviewed. tests/graphql_api/test_persisted_queries.py checks every file
against the schema and that the file name is the operation's name.
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path

FOLDER = Path(__file__).resolve().parent


@dataclass(frozen=True)
class PersistedQuery:
    name: str
    document: str

    @property
    def sha256(self):
        return hashlib.sha256(self.document.encode("utf-8")).hexdigest()


def read_registry(folder=FOLDER):
    queries = [
        PersistedQuery(path.stem, path.read_text(encoding="utf-8"))
        for path in sorted(folder.glob("*.graphql"))
    ]
    return {key: query for query in queries for key in (query.name, query.sha256)}


REGISTRY = read_registry()


def find_persisted(identifier):
    """The query registered under a name or the SHA-256 of its file's text, or None."""
    return REGISTRY.get(identifier)


def registered_names():
    return sorted({query.name for query in REGISTRY.values()})
