// Stock @apollo/client with automatic persisted queries, as a consumer's web page would set it
// up: hashes sent by GET, InMemoryCache (which adds __typename before the document is hashed).
// Usage: node apollo_apq.mjs GRAPHQL_URL '[{"slug": "..."}, ...]'
// Runs the query once per variables object, always from the network, and prints JSON: for
// each use, the requests it made (what they sent, the status, Cache-Control and body they got)
// and the data the client returned.
import { createHash } from "node:crypto";

import { ApolloClient, HttpLink, InMemoryCache, gql } from "@apollo/client";
import { PersistedQueryLink } from "@apollo/client/link/persisted-queries";

const EVENT_TITLE = gql`
  query EventTitle($slug: String!) {
    event(slug: $slug) {
      title
    }
  }
`;

const [url, uses] = [process.argv[2], JSON.parse(process.argv[3])];
let requests = [];

// What a request carried, read back from its URL (GET) or JSON body (POST).
function parameters(input, init) {
  if (init.method !== "GET") return JSON.parse(init.body);
  const search = Object.fromEntries(new URL(input).searchParams);
  return { ...search, extensions: JSON.parse(search.extensions ?? "null") };
}

async function recordingFetch(input, init) {
  const response = await fetch(input, init);
  const sent = parameters(input, init);
  requests.push({
    method: init.method,
    status: response.status,
    operationName: sent.operationName,
    query: sent.query ?? null,
    persistedQuery: sent.extensions?.persistedQuery ?? null,
    cacheControl: response.headers.get("cache-control"),
    body: await response.clone().json(),
  });
  return response;
}

const client = new ApolloClient({
  cache: new InMemoryCache(),
  link: new PersistedQueryLink({
    sha256: (text) => createHash("sha256").update(text, "utf8").digest("hex"),
    useGETForHashedQueries: true,
  }).concat(new HttpLink({ uri: url, fetch: recordingFetch })),
});

const results = [];
for (const variables of uses) {
  requests = [];
  const { data } = await client.query({ query: EVENT_TITLE, variables, fetchPolicy: "network-only" });
  results.push({ requests, data });
}
console.log(JSON.stringify(results));
