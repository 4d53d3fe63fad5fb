"""GraphQL operations built from the schema itself, with right and wrong argument values.

Every operation selects real fields of the live schema (graphql-core's view of
graphql_api.schema.schema), so the fuzzer follows the API as it grows: a new field or argument
is fuzzed without touching this module. Arguments are passed as literals, as variables (declared
with the right type or a wrong one, sometimes left out of `variables`), or as input objects of
variables; their values are mostly of the right type, often at the extremes, and sometimes of
the wrong type altogether. A few operations are damaged on purpose (unknown fields, missing or
extra sub-selections, a truncated document) to exercise validation and the parser.
"""

import json
from dataclasses import dataclass
from functools import cache, cached_property

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    Undefined,
    get_named_type,
    is_leaf_type,
    parse,
    type_from_ast,
)
from hypothesis import strategies as st

from graphql_api.persisted import REGISTRY
from graphql_api.schema import schema

from .content import INACTIVE_SCREEN_SLUG, SCREEN_SLUG
from .values import HOSTILE_TEXT, INTEGERS, INVALID_DATES, WRONG_JSON_TYPES

SCHEMA = schema._schema
# Deep enough to reach every type (events → results → organisers → events → …), well inside the
# API's depth limit, so most operations run rather than stop at the limiter.
MAX_SELECTION_DEPTH = 4
SEARCH_WORDS = ("防災", "下書き", "非公開", "サンプル", "こども", "ＳＡＭＰＬＥ", "団体 講座")
WRONG_DECLARED_TYPES = ("String", "String!", "Int", "Int!", "Boolean", "[String!]", "Date", "ID!")
MISSING = object()


class EnumLiteral(str):
    """An enum value: written bare in a document (SCHEDULED), as a string in variables."""


def literal(value):
    """A Python value written as a GraphQL literal, whatever its type."""
    if isinstance(value, EnumLiteral):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int | float | str):
        # JSON's escapes are GraphQL's; ensure_ascii turns "\ud800" into the escape \ud800.
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(literal(item) for item in value) + "]"
    return "{" + ", ".join(f"{key}: {literal(item)}" for key, item in value.items()) + "}"


@dataclass(frozen=True)
class Vocabulary:
    """Real identifiers of the loaded content, public and hidden, to mix with hostile text."""

    identifiers: tuple

    @classmethod
    def of(cls, content):
        return cls(
            identifiers=(
                *content.event_slugs,
                *content.group_slugs,
                *content.audience_slugs,
                *content.venue_slugs,
                *content.hidden_slugs,
                *content.page_paths,
                *content.hidden_paths,
                *(str(pk) for pk in content.event_ids),
                SCREEN_SLUG,
                INACTIVE_SCREEN_SLUG,
                *SEARCH_WORDS,
            )
        )

    @cached_property
    def strings(self):
        return st.one_of(st.sampled_from(self.identifiers), HOSTILE_TEXT)


def scalar_values(name, vocabulary):
    """Values of the right JSON type for a scalar; many are out of range or malformed. A scalar
    not named here (a new one) gets text, which is wrong for it: the fuzzer still covers it."""
    if name == "Int":
        return INTEGERS
    if name == "Boolean":
        return st.booleans()
    if name == "ID":
        return st.one_of(vocabulary.strings, INTEGERS)
    if name == "Date":
        return st.one_of(
            st.dates().map(lambda day: day.isoformat()), st.sampled_from(INVALID_DATES)
        )
    return vocabulary.strings


@cache
def right_values(input_type, vocabulary):
    """Values of the argument's own JSON type: most pass validation and reach the resolver,
    which is where text with a NUL or a date at the end of time does harm."""
    if isinstance(input_type, GraphQLNonNull):
        return right_values(input_type.of_type, vocabulary)
    if isinstance(input_type, GraphQLList):
        return st.lists(right_values(input_type.of_type, vocabulary), max_size=3)
    if isinstance(input_type, GraphQLEnumType):
        return st.sampled_from([EnumLiteral(name) for name in input_type.values])
    if isinstance(input_type, GraphQLInputObjectType):
        fields = {
            name: right_values(field.type, vocabulary) for name, field in input_type.fields.items()
        }
        required = {
            name: fields.pop(name)
            for name, field in list(input_type.fields.items())
            if isinstance(field.type, GraphQLNonNull) and field.default_value is Undefined
        }
        return st.fixed_dictionaries(required, optional=fields)
    return scalar_values(input_type.name, vocabulary)


def wrong_values(input_type, vocabulary):
    """Null, values of another JSON type, and for enums and objects near misses."""
    named = get_named_type(input_type)
    near_misses = []
    if isinstance(named, GraphQLEnumType):
        near_misses.append(
            st.sampled_from([name.lower() for name in named.values] + ["UNKNOWN", "0"])
        )
    if isinstance(named, GraphQLInputObjectType):
        near_misses.append(
            st.dictionaries(st.sampled_from(["bogus", "limit", "__proto__"]), INTEGERS)
        )
    return st.one_of(st.none(), WRONG_JSON_TYPES, HOSTILE_TEXT, *near_misses)


@cache
def input_values(input_type, vocabulary):
    """Mostly values of the right type (many at the extremes), a quarter of the wrong kind."""
    right = right_values(input_type, vocabulary)
    return st.one_of(right, right, right, wrong_values(input_type, vocabulary))


def leaf_fields(object_type):
    return [
        name
        for name, field in object_type.fields.items()
        if is_leaf_type(get_named_type(field.type))
    ]


# Strategies are built once and reused: building (and validating) one costs more than a draw.
ALIASES = st.sampled_from(["", "", "", "", "", "a1: ", "a2: "])
ARGUMENT_FORMS = st.sampled_from(["variable", "variable", "literal", "object", "omit"])
ONE_IN_TEN = st.integers(0, 9).map(lambda number: number == 0)
ONE_IN_TWENTY = st.integers(0, 19).map(lambda number: number == 0)
OPERATION_NAMES = st.sampled_from(["", "Fuzz"])
SENT_OPERATION_NAMES = st.sampled_from([None, None, None, "Fuzz", "Other", ""])
DAMAGES = st.sampled_from(
    ["intact"] * 16 + ["truncated", "unknown field", "sub-selection on a leaf", "no sub-selection"]
)


@cache
def field_choices(parent_type, leaves_only):
    names = list(parent_type.fields)
    if leaves_only:
        names = leaf_fields(parent_type) or ["__typename"]
    return st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True)


@cache
def fragment_choices(interface_type):
    return st.lists(st.sampled_from(SCHEMA.get_possible_types(interface_type)), max_size=2)


@cache
def object_field_choices(input_type):
    return st.lists(st.sampled_from(list(input_type.fields)), unique=True)


@cache
def declared_types(argument_type):
    """The argument's own type three times in four, a wrong one otherwise."""
    right = st.just(str(argument_type))
    return st.one_of(right, right, right, st.sampled_from(WRONG_DECLARED_TYPES))


@cache
def variable_values(argument_type, vocabulary, careful):
    """A value for a variable, or MISSING: the variable is declared but not sent (in a careful
    operation, only when the variable may be null)."""
    if not careful:
        return st.one_of(input_values(argument_type, vocabulary), st.just(MISSING))
    right = right_values(argument_type, vocabulary)
    if isinstance(argument_type, GraphQLNonNull):
        return right
    return st.one_of(right, right, right, st.just(MISSING))


class OperationBuilder:
    """Writes one operation field by field, collecting the variables it declares on the way.

    A careful operation is valid GraphQL with values of the right types, so it runs and its
    hostile values reach the resolvers; a careless one also declares wrong types, leaves out
    required arguments and variables, and sends values of the wrong type, for validation.
    """

    def __init__(self, draw, vocabulary, careful):
        self.draw = draw
        self.vocabulary = vocabulary
        self.careful = careful
        self.variables = []  # (name, declared type, value or MISSING)

    def selection_set(self, parent_type, depth):
        chosen = self.draw(field_choices(parent_type, depth >= MAX_SELECTION_DEPTH))
        parts = [self.field(parent_type, name, depth) for name in chosen]
        if isinstance(parent_type, GraphQLInterfaceType):
            for object_type in self.draw(fragment_choices(parent_type)):
                inner = self.selection_set(object_type, depth)
                parts.append(f"... on {object_type.name} {{ {inner} }}")
        if self.draw(ONE_IN_TEN):
            parts.append("__typename")
        return " ".join(parts)

    def field(self, parent_type, name, depth):
        if name == "__typename":
            return name
        field = parent_type.fields[name]
        alias = self.draw(ALIASES)
        arguments = self.arguments(field.args)
        named = get_named_type(field.type)
        selection = ""
        if not is_leaf_type(named):
            assert isinstance(named, GraphQLObjectType | GraphQLInterfaceType)
            selection = f" {{ {self.selection_set(named, depth + 1)} }}"
        return f"{alias}{name}{arguments}{selection}"

    def arguments(self, arguments):
        written = []
        for name, argument in arguments.items():
            form = self.draw(ARGUMENT_FORMS)
            named = get_named_type(argument.type)
            required = isinstance(argument.type, GraphQLNonNull)
            if form == "omit" and not (self.careful and required):
                continue
            if form == "literal":
                values = right_values if self.careful else input_values
                value = literal(self.draw(values(argument.type, self.vocabulary)))
            elif form == "object" and isinstance(named, GraphQLInputObjectType):
                value = self.object_of_variables(named)
            else:
                value = self.variable(argument.type)
            written.append(f"{name}: {value}")
        if not self.careful and self.draw(ONE_IN_TWENTY):
            written.append(f"bogus: {literal(self.draw(INTEGERS))}")
        return f"({', '.join(written)})" if written else ""

    def object_of_variables(self, input_type):
        """`{offset: $v1, limit: $v2}`: each field of an input object from its own variable."""
        names = self.draw(object_field_choices(input_type))
        fields = ", ".join(
            f"{name}: {self.variable(input_type.fields[name].type)}" for name in names
        )
        return f"{{{fields}}}"

    def variable(self, argument_type):
        name = f"v{len(self.variables)}"
        declared = str(argument_type) if self.careful else self.draw(declared_types(argument_type))
        value = self.draw(variable_values(argument_type, self.vocabulary, self.careful))
        self.variables.append((name, declared, value))
        return f"${name}"


def damaged(document, how, position):
    """The document broken in one of the ways a careless or hostile client breaks it."""
    if how == "truncated":
        return document[: max(1, position % len(document))]
    if how == "unknown field":
        return document.replace("{ ", "{ notAField ", 1)
    if how == "sub-selection on a leaf":
        return document.replace("totalCount", "totalCount { x }", 1).replace(
            "title", "title { x }", 1
        )
    if how == "no sub-selection":
        return document[: document.rfind("{")] + "}"
    return document


@dataclass(frozen=True)
class Operation:
    document: str
    variables: dict
    operation_name: str | None

    def body(self):
        body = {"query": self.document, "variables": self.variables}
        if self.operation_name is not None:
            body["operationName"] = self.operation_name
        return body


@st.composite
def operations(draw, vocabulary):
    """Two careful operations in three, one careless."""
    careful = draw(st.integers(0, 2)) > 0
    builder = OperationBuilder(draw, vocabulary, careful)
    selection = builder.selection_set(SCHEMA.query_type, 0)
    definitions = ", ".join(f"${name}: {declared}" for name, declared, _ in builder.variables)
    name = draw(OPERATION_NAMES)
    header = f"query {name}" + (f"({definitions})" if definitions else "")
    document = f"{header} {{ {selection} }}"
    variables = {name: value for name, _, value in builder.variables if value is not MISSING}
    if careful:
        return Operation(document, variables, name or None)
    document = damaged(document, draw(DAMAGES), draw(st.integers(0, 10_000)))
    if draw(ONE_IN_TEN):
        variables["undeclared"] = draw(input_values(SCHEMA.type_map["String"], vocabulary))
    return Operation(document, variables, draw(SENT_OPERATION_NAMES))


@cache
def persisted_variable_types():
    """{query name: {variable: type}} of each registered query, read from its document."""
    found = {}
    for query in {query.name: query for query in REGISTRY.values()}.values():
        definition = parse(query.document).definitions[0]
        found[query.name] = {
            variable.variable.name.value: type_from_ast(SCHEMA, variable.type)
            for variable in definition.variable_definitions
        }
    return found


@st.composite
def persisted_calls(draw, vocabulary):
    """(id, variables) for a registered query: its name or hash, with fuzzed variables (of the
    right types in two calls out of three)."""
    types = persisted_variable_types()
    name = draw(st.sampled_from(sorted(types)))
    identifier = draw(
        st.sampled_from([name, next(q.sha256 for q in REGISTRY.values() if q.name == name)])
    )
    values = right_values if draw(st.integers(0, 2)) > 0 else input_values
    optional = {variable: values(t, vocabulary) for variable, t in types[name].items()}
    return identifier, draw(st.fixed_dictionaries({}, optional=optional))


# The values that break servers, by the type of the argument they are sent to: each of them goes
# to every argument and input field of that type in the sweep (test_graphql_sweep.py).
DANGEROUS_TEXT = (
    "",
    "\x00",
    "a\x00b",
    "\ud800",
    "１２３",
    "\u202e",
    "../../etc/passwd",
    "' OR 1=1 --",
    "防災" * 101,
    "a" * 100_000,
)
DANGEROUS_BY_TYPE = {
    "String": (*DANGEROUS_TEXT, 123, None),
    "ID": (*DANGEROUS_TEXT, -1, None),
    "Int": (0, -1, 32768, 2**31 - 1, 2**31, -(2**31) - 1, 10**30, "１２３", 1.5, True, None),
    "Boolean": ("true", 1, None),
    "Date": (*INVALID_DATES, "2000-01-01", "2100-12-31", 20261205, None),
}
DANGEROUS_ENUM_VALUES = ("scheduled", "UNKNOWN", "", 0, None)
DANGEROUS_OBJECTS = (None, {}, [], "x", {"bogus": 1})
# What a required argument that is not being swept gets: a value that passes.
PASSING_VALUES = {"String": "防災", "ID": "1", "Int": 1, "Boolean": True, "Date": "2026-12-05"}


def dangerous_values(input_type):
    named = get_named_type(input_type)
    if isinstance(named, GraphQLEnumType):
        return DANGEROUS_ENUM_VALUES
    if isinstance(named, GraphQLInputObjectType):
        return DANGEROUS_OBJECTS
    return DANGEROUS_BY_TYPE[named.name]


def passing_value(input_type):
    named = get_named_type(input_type)
    if isinstance(named, GraphQLEnumType):
        return next(iter(named.values))
    if isinstance(named, GraphQLInputObjectType):
        return {}
    return PASSING_VALUES[named.name]


def swept_operations():
    """One operation per top-level argument (or field of an input-object argument) and
    dangerous value: the value is sent as `$value`, every other required argument passes."""
    for field_name, field in SCHEMA.query_type.fields.items():
        selection = "" if is_leaf_type(get_named_type(field.type)) else " { __typename }"
        for argument_name, argument in field.args.items():
            targets = [(None, argument.type)]
            named = get_named_type(argument.type)
            if isinstance(named, GraphQLInputObjectType):
                targets += [(name, inner.type) for name, inner in named.fields.items()]
            for inner_name, target_type in targets:
                for value in dangerous_values(target_type):
                    yield swept_operation(
                        field_name, field, argument_name, selection, inner_name, value
                    )


def swept_operation(field_name, field, swept, selection, inner_name, value):
    definitions = [f"$value: {field.args[swept].type}"]
    arguments = [f"{swept}: $value"]
    variables = {"value": {inner_name: value} if inner_name else value}
    for name, argument in field.args.items():
        if name != swept and isinstance(argument.type, GraphQLNonNull):
            definitions.append(f"${name}: {argument.type}")
            arguments.append(f"{name}: ${name}")
            variables[name] = passing_value(argument.type)
    document = (
        f"query Sweep({', '.join(definitions)}) "
        f"{{ {field_name}({', '.join(arguments)}){selection} }}"
    )
    return Operation(document, variables, None)
