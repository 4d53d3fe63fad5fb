"""Performance benchmark: bulk sample data and the measurements taken on it."""
