"""Text the API accepts: no NUL character and no unpaired surrogate, anywhere in a request.

Neither is text anyone means to send, and neither gets far: PostgreSQL refuses NUL inside a
text value, and an unpaired surrogate (legal in JSON as the escape \\ud800) cannot be encoded
as UTF-8, so the response cache's key or the database driver would fail with a server error.
They are refused where they enter: in the request's JSON (request_data.py) and in the
document's string literals (the validation rule below), with a message naming the character.
"""

import re

from graphql import GraphQLError, ValidationRule

UNSAFE_CHARACTER = re.compile("[\x00\ud800-\udfff]")


def unsafe_character(text):
    """What is wrong with a string, as the end of a sentence, or None when it is fine."""
    match = UNSAFE_CHARACTER.search(text)
    if match is None:
        return None
    if match.group() == "\x00":
        return "a NUL character (\\u0000), which no field accepts"
    return f"an unpaired surrogate (\\u{ord(match.group()):04x}), which is not valid Unicode"


def unsafe_character_in(value):
    """The first problem unsafe_character finds in a JSON value's strings and keys, or None.

    A loop rather than recursion: JSON nested nearly as deep as the parser allows must not
    exhaust the stack here instead.
    """
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            problem = unsafe_character(item)
            if problem:
                return problem
        elif isinstance(item, dict):
            pending += [*item.keys(), *item.values()]
        elif isinstance(item, list):
            pending += item
    return None


class SafeTextRule(ValidationRule):
    """String literals in the document follow the same rule as the variables."""

    def enter_string_value(self, node, *_args):
        problem = unsafe_character(node.value)
        if problem:
            self.report_error(GraphQLError(f"A string in the query contains {problem}.", node))
