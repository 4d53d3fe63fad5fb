"""Partners: API keys, per-minute limits and CORS in front of the API and the feeds."""
