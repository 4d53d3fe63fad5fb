"""Text no channel stores or answers with: a NUL character or an unpaired surrogate.

Neither is text anyone means to send, and neither gets far: PostgreSQL refuses NUL inside a text
value, and an unpaired surrogate (legal in JSON as the escape \\ud800) cannot be encoded as UTF-8,
so the response cache's key or the database driver would fail with a server error. The API
(graphql_api/text_input.py) and the signage heartbeat refuse them where they enter, with a
message naming the character.
"""

import re

UNSAFE_CHARACTER = re.compile("[\x00\ud800-\udfff]")


def unsafe_character(text):
    """What is wrong with a string, as the end of a sentence, or None when it is fine."""
    match = UNSAFE_CHARACTER.search(text)
    if match is None:
        return None
    if match.group() == "\x00":
        return "a NUL character (\\u0000), which no field accepts"
    return f"an unpaired surrogate (\\u{ord(match.group()):04x}), which is not valid Unicode"
