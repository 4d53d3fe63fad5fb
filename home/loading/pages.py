"""Create-or-update for pages, shared by the loaders so that a second run changes nothing.

A page is only given a new revision when something it holds differs from what the loader wants;
unchanged pages keep their revision history and publication dates untouched.
"""

from html import escape

from django.db import transaction
from wagtail.blocks import StreamValue, StructValue
from wagtail.signal_handlers import disable_reference_index_auto_update


def rich_text(paragraphs):
    """Plain-text paragraphs as the HTML a RichTextField stores."""
    return "".join(f"<p>{escape(text)}</p>" for text in paragraphs)


def comparable(value):
    """Turn stream and struct values into plain lists and dicts so they compare with data."""
    if isinstance(value, StreamValue):
        return [(block.block_type, comparable(block.value)) for block in value]
    if isinstance(value, StructValue):
        return {key: comparable(item) for key, item in value.items()}
    return value


def child_rows(page, relation, fields):
    return [
        {name: getattr(child, name) for name in fields} for child in getattr(page, relation).all()
    ]


def field_differs(page, name, value):
    field = page._meta.get_field(name)
    if field.many_to_one:
        # Compare ids: reading the stored object (a venue, an image) would cost a query each.
        return getattr(page, field.attname) != (value.pk if value is not None else None)
    return comparable(getattr(page, name)) != comparable(value)


def differs(page, fields, relations, children):
    if page.first_published_at is None:
        # A draft (one place_draft left, or an editor's never-published page) must go live.
        return True
    if any(field_differs(page, name, value) for name, value in fields.items()):
        return True
    for name, objects in relations.items():
        if {obj.pk for obj in getattr(page, name).all()} != {obj.pk for obj in objects}:
            return True
    # Lists compare lengths too, so added or removed rows differ as well.
    return any(
        child_rows(page, name, rows[0].keys() if rows else ()) != rows
        for name, rows in children.items()
    )


def apply_children(page, relation, rows):
    """Update child rows in place by position, so rows keep their ids (and session UIDs)."""
    manager = getattr(page, relation)
    existing = list(manager.all())
    updated = []
    for index, row in enumerate(rows):
        child = existing[index] if index < len(existing) else manager.model()
        for name, value in row.items():
            setattr(child, name, value)
        if hasattr(child, "sort_order"):
            # Rows are compared by position, so their stored order must be the given order.
            child.sort_order = index
        updated.append(child)
    manager.set(updated)


def place_draft(parent, model, lookup, fields):
    """Add an unpublished page of `model` under `parent`, unless one matching `lookup` exists.

    Pages that link to each other cannot be published in one pass: each needs the others to
    exist. Placing them all as drafts first lets publish_page publish each once, links included.
    """
    if not model.objects.filter(**lookup).exists():
        with disable_reference_index_auto_update():  # publish_page indexes it when publishing
            parent.add_child(instance=model(**lookup, **fields, live=False))


@transaction.atomic
def publish_page(parent, model, lookup, fields, relations=None, children=None):
    """Make a live page of `model` under `parent` hold exactly `fields`, `relations` and `children`.

    `lookup` finds the page again on later runs (a slug, or an action's number). Returns the page
    and whether anything was written.
    """
    relations = relations or {}
    children = children or {}
    page = model.objects.filter(**lookup).first()
    moved = False
    if page is not None and not page.is_child_of(parent):
        # Move first and reload: a moved page's in-memory tree path is stale.
        page.move(parent, pos="last-child")
        page = model.objects.get(pk=page.pk)
        moved = True
    if page is not None and not differs(page, fields, relations, children):
        return page, moved

    creating = page is None
    if creating:
        page = model(**lookup)
    for name, value in fields.items():
        setattr(page, name, value)
    for name, objects in relations.items():
        getattr(page, name).set(objects)
    for name, rows in children.items():
        apply_children(page, name, rows)
    # Publishing saves the page once more, validating it and recording its references, so the
    # saves before it skip both: the transaction undoes them if publishing finds the page invalid.
    with disable_reference_index_auto_update():
        if creating:
            parent.add_child(instance=page)
        revision = page.save_revision(clean=False)
    revision.publish()
    return page, True
