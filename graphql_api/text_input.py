"""Text the API accepts: no NUL character and no unpaired surrogate, anywhere in a request
(cms/untrusted_text.py says why). They are refused where they enter: in the request's JSON
(request_data.py) and in the document's string literals (the validation rule below), with a
message naming the character.
"""

from graphql import GraphQLError, ValidationRule

from cms.untrusted_text import unsafe_character


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
