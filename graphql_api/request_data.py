"""What a GraphQL request asks for, read once for both strawberry and the response cache.

strawberry would answer some malformed requests with a 500 (a JSON body that is not an object,
bytes that are not UTF-8, text with a NUL or an unpaired surrogate); they are turned away here
with a 400 and a readable message. A persisted query's `id` or hash is replaced by its
document here too, and a document sent with its Apollo hash is registered (apq.py).
"""

import json
from dataclasses import dataclass
from functools import lru_cache

from graphql import GraphQLError, OperationDefinitionNode, parse, print_ast

from . import apq
from .limits import MAX_TOKENS
from .persisted import find_persisted, registered_names
from .text_input import unsafe_character_in

APOLLO_NOT_FOUND_CODE = "PERSISTED_QUERY_NOT_FOUND"
# Apollo's iOS and Kotlin clients recognise an unknown hash by this exact message (the web client
# by the message or the code), so the English explanation goes in the error's `hint` instead.
APOLLO_NOT_FOUND_MESSAGE = "PersistedQueryNotFound"
# The longest document the API reads: ten times the longest persisted query. Checked before
# anything parses it, so a huge string or comment (one token each) cannot cost time or memory.
MAX_QUERY_LENGTH = 20_000


class BadGraphQLRequest(Exception):
    def __init__(self, message, code=None, hint=None, status=400):
        super().__init__(message)
        self.status = status
        self.extensions = {
            name: value for name, value in (("code", code), ("hint", hint)) if value is not None
        }


@dataclass(frozen=True)
class GraphQLCall:
    query: str | None
    variables: dict | None
    operation_name: str | None
    extensions: dict | None

    def cache_parts(self):
        """What makes the response what it is, or None when the document does not parse."""
        document = normalised_document(self.query) if self.query else None
        if document is None:
            return None
        variables = json.dumps(self.variables or {}, sort_keys=True, ensure_ascii=False)
        return ("graphql", document, variables, self.operation_name or "")


@lru_cache(maxsize=512)
def normalised_document(query):
    """The document as graphql-core prints it: layout, comments and commas do not split the cache."""
    try:
        return print_ast(parse(query, no_location=True, max_tokens=MAX_TOKENS))
    except GraphQLError:
        return None


@lru_cache(maxsize=512)
def operation_names(query):
    """The names of the document's operations in order (None for an anonymous one), or None
    when it does not parse (strawberry then reports the syntax error)."""
    try:
        document = parse(query, no_location=True, max_tokens=MAX_TOKENS)
    except GraphQLError:
        return None
    return tuple(
        definition.name.value if definition.name else None
        for definition in document.definitions
        if isinstance(definition, OperationDefinitionNode)
    )


def _refuse_unnamed_choice(query, operation_name):
    """The GraphQL spec (GetOperation): with several operations and no operationName, the
    request is an error; running the first would answer a question nobody asked."""
    names = operation_names(query) if query else None
    if operation_name is None and names and len(names) > 1:
        listed = ", ".join(name or "(anonymous)" for name in names)
        raise BadGraphQLRequest(
            f"The document has {len(names)} operations ({listed}): "
            "name the one to run in `operationName`."
        )


def _json(text, what):
    try:
        return json.loads(text)
    # Nesting a thousand levels deep exhausts the parser's recursion: malformed, not a fault.
    except (json.JSONDecodeError, RecursionError):
        raise BadGraphQLRequest(f"Unable to parse {what} as JSON.") from None


def _raw_parameters(request):
    if request.method in ("GET", "HEAD"):
        parameters = request.GET.dict()
        for name in ("variables", "extensions"):
            if parameters.get(name):
                parameters[name] = _json(parameters[name], f"`{name}`")
        return parameters
    if "json" not in request.content_type:
        raise BadGraphQLRequest(
            "Unsupported content type: send the request as application/json.", status=415
        )
    try:
        body = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise BadGraphQLRequest("Unable to parse request body as JSON.") from None
    if not isinstance(body, dict):
        raise BadGraphQLRequest("The request body must be a JSON object.")
    return body


def _checked(parameters, name, kind, kind_name):
    value = parameters.get(name)
    if value is not None and not isinstance(value, kind):
        raise BadGraphQLRequest(f"`{name}` must be {kind_name} or null.")
    return value


def _apollo_hash(extensions):
    """The `sha256Hash` of Apollo's `extensions.persistedQuery`, or None when there is none."""
    apollo = (extensions or {}).get("persistedQuery")
    if not isinstance(apollo, dict):
        return None
    version = apollo.get("version", 1)
    if type(version) is not int or version != 1:
        raise BadGraphQLRequest(
            "Unsupported persisted query version: `extensions.persistedQuery.version` must be 1."
        )
    sha256 = apollo.get("sha256Hash")
    if not isinstance(sha256, str):
        raise BadGraphQLRequest("`extensions.persistedQuery.sha256Hash` must be a string.")
    return sha256


def _document_by_id(identifier):
    persisted = find_persisted(identifier)
    if persisted is None:
        raise BadGraphQLRequest(
            f"Unknown persisted query '{identifier[:80]}'. Registered queries: "
            + ", ".join(registered_names())
            + ". See docs/api.md for how to register one.",
            code=APOLLO_NOT_FOUND_CODE,
        )
    return persisted.document


def _document_by_apollo_hash(sha256):
    """The city's persisted query first, so a client-registered document never shadows one."""
    persisted = find_persisted(sha256)
    if persisted is not None:
        return persisted.document
    document = apq.registered_document(sha256)
    if document is None:
        # Apollo clients then send the same request again with the whole document in `query`.
        raise BadGraphQLRequest(
            APOLLO_NOT_FOUND_MESSAGE,
            code=APOLLO_NOT_FOUND_CODE,
            hint=f"No document is registered under the hash '{sha256[:80]}'. Send the request "
            "again by POST with the whole document in `query` to register it for "
            f"{apq.SECONDS // 3600} hours, or call one of the city's persisted queries: "
            + ", ".join(registered_names())
            + ". See docs/api.md.",
        )
    return document


def _register(query, sha256):
    if apq.sha256_of(query) != sha256:
        # Apollo Server's words, then what they mean.
        raise BadGraphQLRequest(
            "provided sha does not match query: `extensions.persistedQuery.sha256Hash` must be "
            "the SHA-256 of `query` exactly as sent (its UTF-8 bytes, in lowercase hex)."
        )
    if find_persisted(sha256) is None:
        apq.register(query)


def _refuse_unsafe_text(parameters):
    for name in ("query", "id", "operationName", "variables", "extensions"):
        problem = unsafe_character_in(parameters.get(name))
        if problem:
            raise BadGraphQLRequest(f"`{name}` contains {problem}.")


def read_call(request):
    parameters = _raw_parameters(request)
    _refuse_unsafe_text(parameters)
    query = _checked(parameters, "query", str, "a string")
    identifier = _checked(parameters, "id", str, "a string")
    extensions = _checked(parameters, "extensions", dict, "an object")
    if query is not None and identifier is not None:
        raise BadGraphQLRequest("Send either `query` or a persisted query `id`, not both.")
    if query is not None and len(query) > MAX_QUERY_LENGTH:
        raise BadGraphQLRequest(f"The query is too long: at most {MAX_QUERY_LENGTH:,} characters.")
    if identifier is not None:
        query = _document_by_id(identifier)
    elif (apollo_hash := _apollo_hash(extensions)) is not None:
        if query is None:
            query = _document_by_apollo_hash(apollo_hash)
        else:
            _register(query, apollo_hash)
    operation_name = _checked(parameters, "operationName", str, "a string")
    _refuse_unnamed_choice(query, operation_name)
    return GraphQLCall(
        query=query,
        variables=_checked(parameters, "variables", dict, "an object"),
        operation_name=operation_name,
        extensions=extensions,
    )
