"""The two response media types of GraphQL over HTTP, and what each says with its status code.

`application/json` is what every client understands; this API answers any error in it with 400
(500 for a masked server fault), so a plain HTTP client sees that something went wrong.
`application/graphql-response+json`, which newer clients ask for first, has the spec's own rule
(GraphQL over HTTP, "Status codes"): a request error — the document could not be parsed,
validated or priced, so nothing ran — is a 4xx without `data`; once execution started, the
answer is 200 with `data` (null or partial) and the field errors beside it.
"""

JSON = "application/json"
GRAPHQL_RESPONSE = "application/graphql-response+json"
# Without an Accept header, or with */*, the spec says to answer application/json.
OFFERED = (JSON, GRAPHQL_RESPONSE)
NOT_ACCEPTABLE = (
    "Not acceptable: this endpoint answers application/json or "
    "application/graphql-response+json; say one of them (or */*) in the Accept header."
)


def preferred_media_type(request):
    """The media type the client prefers among those offered, or None when it accepts neither."""
    return request.get_preferred_type(OFFERED)


def is_request_error(errors):
    """True when no error comes from a field: execution never started."""
    return bool(errors) and not any(error.get("path") for error in errors)


def graphql_response_status(response_data):
    """Status and body of an answer in application/graphql-response+json."""
    errors = response_data.get("errors")
    if is_request_error(errors):
        return 400, {key: value for key, value in response_data.items() if key != "data"}
    return 200, response_data
