"""Reads the invented sample content in home/data/sample/, one TOML file per kind of item.

A file holds its items under its own name (events.toml → `events`): an array of tables, or
tables named by the key other files use to refer to them (`[venues.kirari]`). Choice values (an
event's status, a group's organisation_type, …) are written as stored and checked against the
model's choices, so a typo stops the load naming the file and the item, instead of storing a
value no channel understands.
"""

import tomllib

from ..data import DATA_DIR

SAMPLE_DIR = DATA_DIR / "sample"


class SampleDataError(ValueError):
    """A sample data file holds a value its model does not accept."""


def paragraphs(text):
    """Multi-line text from a sample file, one paragraph per line."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def choice_values(model, name):
    """The stored values a field accepts, or None when any value will do (or it is no field)."""
    fields = {field.name: field for field in model._meta.concrete_fields}
    field = fields.get(name)
    return [value for value, _label in field.choices] if field and field.choices else None


def check_choices(item, model, where):
    for name, value in item.items():
        allowed = choice_values(model, name)
        if allowed is not None and value not in allowed:
            raise SampleDataError(f"{where}: {name} {value!r} is not one of {', '.join(allowed)}")


def read_sample(kind, model, directory=SAMPLE_DIR):
    """The items of `kind`.toml, a list or a dict by key, their choice values checked."""
    path = directory / f"{kind}.toml"
    items = tomllib.loads(path.read_text(encoding="utf-8"))[kind]
    if isinstance(items, dict):
        labelled = [(f"[{kind}.{key}]", item) for key, item in items.items()]
    else:
        labelled = [
            (f"item {number} 「{item.get('title') or item.get('name')}」", item)
            for number, item in enumerate(items, start=1)
        ]
    for label, item in labelled:
        check_choices(item, model, f"{path.name}, {label}")
    return items
