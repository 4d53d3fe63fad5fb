"""The one query every screen polls: the persisted query `SignageScreen`.

The kiosk page renders its first content with the document and then polls by GET with only the
query's hash and the screen's slug (graphql_api/persisted/SignageScreen.graphql says what it
holds and why `generatedAt` is left out).
"""

from graphql_api.persisted import find_persisted

SCREEN_QUERY_NAME = "SignageScreen"
SCREEN_QUERY = find_persisted(SCREEN_QUERY_NAME).document
# The hash, not the name: a kiosk that kept content for an older document sees a different id.
SCREEN_QUERY_ID = find_persisted(SCREEN_QUERY_NAME).sha256
