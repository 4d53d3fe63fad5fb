"""What a backup counts and leaves out, by table name, so the same SQL serves a SQLite file and
PostgreSQL, and counts taken in the snapshot of a dump match the dump exactly."""

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page


def counted_tables():
    return {
        "pages": Page._meta.db_table,
        "images": get_image_model()._meta.db_table,
        "documents": get_document_model()._meta.db_table,
    }


def count_content(cursor):
    """Rows of pages (the tree's root included), images and documents, read through `cursor`."""
    counts = {}
    for name, table in counted_tables().items():
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[name] = cursor.fetchone()[0]
    return counts


def renditions_table():
    """Renditions are resized copies Wagtail makes again on first view; backups leave their rows
    and files out, so an archive never refers to a file it does not hold."""
    return get_image_model().get_rendition_model()._meta.db_table
