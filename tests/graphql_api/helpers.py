"""Calling the API as a consumer does: JSON over POST to /graphql/."""


def graphql(client, query, variables=None):
    """POST a query; returns (status code, parsed JSON body)."""
    response = client.post(
        "/graphql/", {"query": query, "variables": variables or {}}, content_type="application/json"
    )
    return response.status_code, response.json()


def graphql_data(client, query, variables=None):
    """The `data` of a query that must succeed; fails the test with the errors otherwise."""
    status, body = graphql(client, query, variables)
    assert (status, body.get("errors")) == (200, None), body
    return body["data"]
