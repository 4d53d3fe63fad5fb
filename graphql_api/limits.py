"""The API's limits on a document, shared by the request reader and the schema's extensions."""

MAX_DEPTH = 10
MAX_ALIASES = 15
MAX_TOKENS = 2000
# The most objects an answer may hold (graphql_api/cost.py). The public budget admits the
# registered queries at their largest page (EventList at 100 events costs about 13,000); a
# partner portal may pull twice that.
PUBLIC_COST_LIMIT = 15_000
PARTNER_COST_LIMIT = 30_000
