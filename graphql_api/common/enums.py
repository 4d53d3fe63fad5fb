"""GraphQL enums made from the models' choices, so the API offers exactly what editors can pick."""

from enum import Enum

import strawberry


def enum_from_choices(choices, name, description):
    """A GraphQL enum `name` with one value per choice of a TextChoices class.

    The API names each value as the choice does in Python (CANCELLED) and holds the stored value
    ("cancelled"), so a model field's value converts with `Enum(value)` and serializes by name.
    """
    members = [(choice.name, choice.value) for choice in choices]
    return strawberry.enum(Enum(f"{name}Enum", members), name=name, description=description)
