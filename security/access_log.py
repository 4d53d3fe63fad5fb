"""gunicorn's access log without partner API keys.

Calendar apps subscribe to a feed URL with ?key= (they cannot send headers), and gunicorn's
access log writes every request line whole: each poll would put the partner's key in the log.
This logger writes the line with the key's value replaced; a format that prints the X-Api-Key
header gets the same treatment. Enable with `logger_class` in gunicorn.conf.py.
"""

import functools
import re

from gunicorn.glogging import Logger

REDACTED = "[redacted]"


@functools.cache
def key_patterns():
    """(the key in a query string, the atoms holding the key header), from the partner gate."""
    # Imported on first use: gunicorn's master loads this class before Django is set up, and
    # partners.middleware imports models. Requests are logged by workers, which run the app.
    from partners.middleware import KEY_HEADER, KEY_PARAMETER

    # At the start of a bare query string too, and with any letter of the name percent-encoded
    # (Django decodes "%6Bey" to "key", so such a parameter is a key as well).
    name = "".join(rf"(?:{letter}|%{ord(letter):02x})" for letter in KEY_PARAMETER)
    in_query = re.compile(rf"(?:^|(?<=[?&])){name}=[^&#\s\"]*", re.IGNORECASE)
    # Request headers appear as {name}i, the WSGI environ as {NAME}e (gunicorn lower-cases both).
    header = KEY_HEADER.lower()
    header_atoms = {f"{{{header}}}i", f"{{http_{header.replace('-', '_')}}}e"}
    return in_query, f"{KEY_PARAMETER}={REDACTED}", header_atoms


class KeyRedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        in_query, replacement, header_atoms = key_patterns()
        return {
            name: REDACTED
            if name in header_atoms
            else in_query.sub(replacement, value)
            if isinstance(value, str)
            else value
            for name, value in super().atoms(resp, req, environ, request_time).items()
        }
