"""The API's limits on a document, shared by the request reader and the schema's extensions."""

MAX_DEPTH = 10
MAX_ALIASES = 15
MAX_TOKENS = 2000
