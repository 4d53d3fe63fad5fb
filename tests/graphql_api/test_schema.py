"""The committed schema.graphql is the contract consumers code against."""

from pathlib import Path

from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLInterfaceType, GraphQLObjectType

from graphql_api.schema import schema

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema.graphql"
# Types strawberry-django defines itself; their descriptions are not ours to write.
LIBRARY_TYPES = {"OffsetPaginationInfo", "OffsetPaginationInput", "Ordering"}


def test_committed_schema_matches_the_code():
    assert SCHEMA_FILE.read_text(encoding="utf-8").strip() == str(schema).strip(), (
        "schema.graphql is out of date: run `make schema` and review the diff"
    )


def undescribed(graphql_schema):
    """Every type, field, argument and enum value of ours that lacks a description."""
    missing = []
    for name, graphql_type in graphql_schema.type_map.items():
        if (
            name.startswith("__")
            or name in LIBRARY_TYPES
            or not hasattr(graphql_type, "description")
        ):
            continue
        if (
            isinstance(
                graphql_type,
                GraphQLEnumType | GraphQLObjectType | GraphQLInputObjectType | GraphQLInterfaceType,
            )
            and not graphql_type.description
        ):
            missing.append(name)
        for field_name, field in getattr(graphql_type, "fields", {}).items():
            if not field.description:
                missing.append(f"{name}.{field_name}")
            for argument_name, argument in getattr(field, "args", {}).items():
                if not argument.description:
                    missing.append(f"{name}.{field_name}({argument_name})")
    return missing


def test_every_type_field_and_argument_is_described():
    assert undescribed(schema._schema) == []


def test_the_contracts_core_names_exist():
    query_fields = set(schema._schema.query_type.fields)
    assert query_fields == {
        "visions",
        "vision",
        "actions",
        "action",
        "groups",
        "group",
        "events",
        "event",
        "notices",
        "page",
        "search",
        "pagePreview",
        "signage",
    }
    for list_type in ("GroupList", "EventList", "NoticeList", "SearchResultList"):
        assert {"totalCount", "results"} <= set(schema._schema.type_map[list_type].fields)
