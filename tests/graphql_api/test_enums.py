"""The API's enums are the models' choices (graphql_api/common/enums.py): a choice added to a model
is offered by the API at once, and no enum can drift from what editors pick in the admin."""

import pytest
from graphql import GraphQLEnumType, build_schema

from cms.channel_names import ScreenOrientation
from graphql_api.schema import schema
from home.models import (
    ActionStatus,
    AttendanceMode,
    EventStatus,
    ImplementationStatus,
    NoticePriority,
    OrganisationType,
)

CHOICES_BY_ENUM = {
    "ActionStatus": ActionStatus,
    "AttendanceMode": AttendanceMode,
    "EventStatus": EventStatus,
    "ImplementationStatus": ImplementationStatus,
    "NoticePriority": NoticePriority,
    "OrganisationType": OrganisationType,
    "SignageOrientation": ScreenOrientation,
}
# Enums that are no model's choices: the fixed image sizes, and strawberry_django's ordering.
OTHER_ENUMS = {"ImagePreset", "Ordering"}


def published_enums():
    """The enums of the schema as consumers read it, name -> value names."""
    published = build_schema(str(schema)).type_map.values()
    return {
        enum.name: list(enum.values)
        for enum in published
        if isinstance(enum, GraphQLEnumType) and not enum.name.startswith("__")
    }


def test_every_enum_is_a_models_choices_unless_listed_as_another():
    assert set(published_enums()) == set(CHOICES_BY_ENUM) | OTHER_ENUMS


@pytest.mark.parametrize("name", sorted(CHOICES_BY_ENUM))
def test_an_enum_offers_its_choices_in_order_by_name(name):
    assert published_enums()[name] == CHOICES_BY_ENUM[name].names


@pytest.mark.parametrize("name", sorted(CHOICES_BY_ENUM))
def test_an_enum_value_reads_the_value_the_model_stores(name):
    enum = schema.get_type_by_name(name)

    assert [(value.name, value.value) for value in enum.values] == [
        (choice.name, choice.value) for choice in CHOICES_BY_ENUM[name]
    ]
