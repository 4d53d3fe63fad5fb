"""gunicorn's access log without partner API keys.

Calendar apps subscribe to a feed URL with ?key= (they cannot send headers), and gunicorn's
access log writes every request line whole: each poll would put the partner's key in the log.
This logger writes the line with the key's value replaced; a format that prints the X-Api-Key
header gets the same treatment. Enable with `logger_class` in gunicorn.conf.py.
"""

import re

from gunicorn.glogging import Logger

from cms.channel_names import KEY_HEADER, KEY_PARAMETER

REDACTED = "[redacted]"
# The key's name with any of its letters percent-encoded (Django decodes "%6Bey" to "key", so
# such a parameter is a key as well), and the key in a query string, at its start too.
KEY_NAME = "".join(rf"(?:{letter}|%{ord(letter):02x})" for letter in KEY_PARAMETER)
KEY_IN_QUERY = re.compile(rf"(?:^|(?<=[?&])){KEY_NAME}=[^&#\s\"]*", re.IGNORECASE)
KEY_REDACTED = f"{KEY_PARAMETER}={REDACTED}"
# Request headers appear as {name}i, the WSGI environ as {NAME}e (gunicorn lower-cases both).
KEY_HEADER_ATOMS = {
    f"{{{KEY_HEADER.lower()}}}i",
    f"{{http_{KEY_HEADER.lower().replace('-', '_')}}}e",
}


class KeyRedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        return {
            name: REDACTED
            if name in KEY_HEADER_ATOMS
            else KEY_IN_QUERY.sub(KEY_REDACTED, value)
            if isinstance(value, str)
            else value
            for name, value in super().atoms(resp, req, environ, request_time).items()
        }
